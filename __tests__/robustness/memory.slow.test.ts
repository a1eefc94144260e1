import { afterAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { closeSync, copyFileSync, openSync, readFileSync, readSync, rmSync, statSync, truncateSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { vhdChecksum } from '../../src/disk/vhd-footer.js';
import { bundled, tempDir } from '../cli/entry-helpers.js';
import { fixtureImage } from '../helpers/fixtures.js';

/**
 * A fixed VHD whose footer claims 2 TiB over a sparse file that holds a real guest (the raw
 * fixture's GPT and partitions) at its start: the gate must read it in bounded memory. The
 * block cache caps cached blocks at 32 MiB; nothing may scale with the virtual size. Measured
 * as the peak RSS of the bundled CLI process, against the same process printing its version.
 */
const TIB = 2 ** 40;
const VIRTUAL_SIZE = 2 * TIB;
const GROWTH_LIMIT = 200 * 1024 * 1024;
const cli = bundled('cli.js');
const dir = tempDir('robustness-memory');

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The fixed-VHD footer of a real fixture, resized to `size` bytes, with its checksum made right again. */
async function footerFor(size: number): Promise<Buffer> {
  const vhd = await fixtureImage('generalized-good.vhd');
  const footer = Buffer.alloc(512);
  const fd = openSync(vhd, 'r');
  readSync(fd, footer, 0, 512, statSync(vhd).size - 512);
  closeSync(fd);
  footer.writeBigUInt64BE(BigInt(size), 0x28); // Original Size
  footer.writeBigUInt64BE(BigInt(size), 0x30); // Current Size
  footer.writeUInt32BE(vhdChecksum(footer, 0x40), 0x40); // Checksum
  return footer;
}

/** Peak RSS in bytes of `node dist/cli.js args`, with its exit code and output. */
function peakRss(args: string[]): { rss: number; code: number | null; stdout: string; stderr: string } {
  const runner = path.join(dir, 'peak-rss.mjs');
  writeFileSync(
    runner,
    `process.argv = [process.argv[0], ${JSON.stringify(cli)}, ...process.argv.slice(2)];\n` +
      // VmHWM is the peak RSS of this process image only; getrusage's maxRSS would include the parent's it was forked from.
      `import { readFileSync } from 'node:fs';\n` +
      `process.on('exit', () => process.stderr.write('maxRSS ' + /VmHWM:\\s*(\\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))[1] + '\\n'));\n` +
      `await import(${JSON.stringify(cli)});\n`,
  );
  const r = spawnSync(process.execPath, [runner, ...args], { encoding: 'utf8', timeout: 120_000, maxBuffer: 64 * 1024 * 1024 });
  if (r.error) throw r.error;
  const kib = /maxRSS (\d+)/.exec(r.stderr);
  if (!kib) throw new Error(`no maxRSS line: ${r.stderr}`);
  return { rss: Number(kib[1]) * 1024, code: r.status, stdout: r.stdout, stderr: r.stderr.replace(kib[0], '').trim() };
}

/**
 * A dynamic VHD of `virtualSize` bytes built by hand from the VHD spec, holding `raw` in its
 * first blocks (every sector present in the bitmaps) and nothing else: a 2 TiB disk has a BAT
 * of a million entries, which must be read once, not turned into per-block objects.
 */
function dynamicVhd(raw: Buffer, virtualSize: number, out: string, footerTemplate: Buffer): void {
  const blockSize = 2 * 1024 * 1024;
  const entries = virtualSize / blockSize;
  const batOffset = 512 + 1024;
  const firstBlock = batOffset + entries * 4; // a multiple of 512
  const footer = Buffer.from(footerTemplate);
  footer.writeBigUInt64BE(512n, 0x10); // Data Offset: the dynamic header
  footer.writeUInt32BE(3, 0x3c); // Disk Type: dynamic
  footer.writeUInt32BE(vhdChecksum(footer, 0x40), 0x40);
  const header = Buffer.alloc(1024);
  header.write('cxsparse', 0x00, 'latin1'); // Cookie
  header.writeBigUInt64BE(0xffffffffffffffffn, 0x08); // Data Offset: unused
  header.writeBigUInt64BE(BigInt(batOffset), 0x10); // Table Offset
  header.writeUInt32BE(0x00010000, 0x18); // Header Version
  header.writeUInt32BE(entries, 0x1c); // Max Table Entries
  header.writeUInt32BE(blockSize, 0x20); // Block Size
  header.writeUInt32BE(vhdChecksum(header, 0x24), 0x24);
  const bat = Buffer.alloc(entries * 4, 0xff); // unallocated
  const used = Math.ceil(raw.length / blockSize);
  const bitmap = Buffer.alloc(512, 0xff);
  const fd = openSync(out, 'w');
  for (let b = 0; b < used; b++) {
    const at = firstBlock + b * (512 + blockSize);
    bat.writeUInt32BE(at / 512, b * 4);
    writeSync(fd, bitmap, 0, 512, at);
    writeSync(fd, raw, b * blockSize, Math.min(blockSize, raw.length - b * blockSize), at + 512);
  }
  writeSync(fd, footer, 0, 512, 0);
  writeSync(fd, header, 0, 1024, 512);
  writeSync(fd, bat, 0, bat.length, batOffset);
  writeSync(fd, footer, 0, 512, firstBlock + used * (512 + blockSize));
  closeSync(fd);
}

describe('memory on a huge sparse image', () => {
  it('checks a 2 TiB fixed VHD in bounded memory', async () => {
    const image = path.join(dir, 'huge.vhd');
    copyFileSync(await fixtureImage('generalized-good.raw'), image);
    truncateSync(image, VIRTUAL_SIZE); // sparse: the 64 MiB guest, then holes
    const fd = openSync(image, 'r+');
    writeSync(fd, await footerFor(VIRTUAL_SIZE), 0, 512, VIRTUAL_SIZE);
    closeSync(fd);

    const baseline = peakRss(['--version']);
    const run = peakRss(['check', image, '--os-state', 'generalized', '--hyper-v-generation', 'V2', '--format', 'json']);
    expect(run.stderr).toBe('');
    const report = JSON.parse(run.stdout);
    // The whole image was read: the 2 TiB container, the GPT and the guest inside it.
    expect(report.image.container).toMatchObject({ format: 'vhd-fixed', virtualSize: VIRTUAL_SIZE });
    expect(report.detected.osState).toBe('generalized');
    expect(run.rss - baseline.rss).toBeLessThan(GROWTH_LIMIT);
    console.log(`2 TiB fixed VHD: peak RSS ${(run.rss / 2 ** 20).toFixed(0)} MiB, baseline ${(baseline.rss / 2 ** 20).toFixed(0)} MiB`);
  }, 180_000);

  it('checks a 2 TiB dynamic VHD (a million BAT entries) in bounded memory', async () => {
    const image = path.join(dir, 'huge-dynamic.vhd');
    dynamicVhd(readFileSync(await fixtureImage('generalized-good.raw')), VIRTUAL_SIZE, image, await footerFor(VIRTUAL_SIZE));

    const baseline = peakRss(['--version']);
    const run = peakRss(['check', image, '--os-state', 'generalized', '--hyper-v-generation', 'V2', '--format', 'json']);
    expect(run.stderr).toBe('');
    const report = JSON.parse(run.stdout);
    expect(report.image.container).toMatchObject({ format: 'vhd-dynamic', virtualSize: VIRTUAL_SIZE });
    expect(report.detected.osState).toBe('generalized');
    expect(run.rss - baseline.rss).toBeLessThan(GROWTH_LIMIT);
    console.log(`2 TiB dynamic VHD: peak RSS ${(run.rss / 2 ** 20).toFixed(0)} MiB, baseline ${(baseline.rss / 2 ** 20).toFixed(0)} MiB`);
  }, 180_000);
});
