// Preload for `node --import`: logs every FileHandle.read the gate makes (position, length, time
// spent) as JSON lines to $BENCH_READ_LOG, so read-map.mjs can say which layer each read served.
// It wraps the one method FileSource uses and changes nothing else.
import { open } from 'node:fs/promises';
import { appendFileSync, writeFileSync } from 'node:fs';

const log = process.env.BENCH_READ_LOG;
if (log) {
  writeFileSync(log, '');
  const probe = await open(process.execPath, 'r');
  const proto = Object.getPrototypeOf(probe);
  await probe.close();
  const original = proto.read;
  proto.read = async function read(buffer, offset, length, position) {
    const start = process.hrtime.bigint();
    const result = await original.call(this, buffer, offset, length, position);
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    appendFileSync(log, JSON.stringify({ position, length, ms, t: Number(start / 1000n) }) + '\n');
    return result;
  };
}
