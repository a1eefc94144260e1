// Where the gate's bytes go: runs one check with read-log.mjs preloaded, then puts every 4 KiB of
// each read into a layer: VHD footer, GPT, ESP, BIOS boot, and inside the ext4 root the
// superblock + group descriptors, bitmaps, inode tables, or "data" (directory blocks, extent
// nodes, file contents). The ext4 layout comes from dumpe2fs, an independent reader.
//
//   node scripts/bench/read-map.mjs .fixture-work/bench/bench-32768M.vhd
import { spawnSync } from 'node:child_process';
import { openSync, readSync, closeSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const image = process.argv[2];
if (!image) {
  console.error('usage: node scripts/bench/read-map.mjs IMAGE.vhd');
  process.exit(2);
}
const LOG = `/tmp/bench-reads-${process.pid}.jsonl`;
const BLOCK = 4096;

const run = spawnSync('node', ['--import', join(REPO, 'scripts/bench/read-log.mjs'), join(REPO, 'dist/cli.js'), 'check', image, '--os-state', 'generalized', '--format', 'json'], {
  env: { ...process.env, BENCH_READ_LOG: LOG },
  encoding: 'utf8',
  maxBuffer: 64 * 1024 * 1024,
});
if (run.status !== 0 && run.status !== 1) throw new Error(`gate exited ${run.status}: ${run.stderr}`);
const io = JSON.parse(run.stdout).io;
const reads = readFileSync(LOG, 'utf8').trim().split('\n').map((l) => JSON.parse(l));

/** GPT partitions: [{ index, type, start, end }] in bytes (UEFI spec 5.3, as in run.mjs). */
function partitions() {
  const fd = openSync(image, 'r');
  const at = (off, len) => {
    const b = Buffer.alloc(len);
    readSync(fd, b, 0, len, off);
    return b;
  };
  const h = at(512, 92);
  const count = h.readUInt32LE(0x50);
  const size = h.readUInt32LE(0x54);
  const entries = at(Number(h.readBigUInt64LE(0x48)) * 512, count * size);
  closeSync(fd);
  const out = [];
  for (let i = 0; i < count; i++) {
    const e = entries.subarray(i * size, (i + 1) * size);
    if (e.subarray(0, 16).every((b) => b === 0)) continue;
    out.push({ index: i + 1, type: e.subarray(0, 16).toString('hex'), start: Number(e.readBigUInt64LE(0x20)) * 512, end: (Number(e.readBigUInt64LE(0x28)) + 1) * 512 });
  }
  return out;
}

const LINUX_FS = 'af3dc60f838472478e793d69d8477de4';
const ESP = '28732ac11ff8d211ba4b00a0c93ec93b';
const parts = partitions();
const root = parts.find((p) => p.type === LINUX_FS);

/** Block ranges of the root ext4's metadata, from `dumpe2fs` (group listing). */
function extLayout() {
  const text = spawnSync('dumpe2fs', [`${image}?offset=${root.start}`], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 }).stdout;
  const ranges = [];
  const add = (kind, a, b) => ranges.push({ kind, a: Number(a), b: Number(b ?? a) });
  for (const m of text.matchAll(/superblock at (\d+), Group descriptors at (\d+)-(\d+)/g)) add('superblock + group descriptors', m[1], m[3]);
  for (const m of text.matchAll(/Reserved GDT blocks at (\d+)-(\d+)/g)) add('superblock + group descriptors', m[1], m[2]);
  for (const m of text.matchAll(/(Block|Inode) bitmap at (\d+)/g)) add('bitmaps', m[2]);
  for (const m of text.matchAll(/Inode table at (\d+)-(\d+)/g)) add('inode tables', m[1], m[2]);
  return ranges;
}
const ext = extLayout();

function layerOf(byte) {
  if (byte >= statSize() - 512) return 'VHD footer';
  const p = parts.find((x) => byte >= x.start && byte < x.end);
  if (!p) return byte < 34 * 512 ? 'protective MBR + GPT' : 'outside partitions (backup GPT, gaps)';
  if (p !== root) return p.type === ESP ? 'ESP (FAT)' : `partition ${p.index} (BIOS boot)`;
  const block = Math.floor((byte - root.start) / BLOCK);
  const r = ext.find((x) => block >= x.a && block <= x.b);
  return `ext4 ${r ? r.kind : 'data (directories, extent nodes, file contents)'}`;
}

let size;
function statSize() {
  if (size === undefined) size = Number(spawnSync('stat', ['-c', '%s', image], { encoding: 'utf8' }).stdout);
  return size;
}

const bytes = new Map();
const count = new Map();
let readMs = 0;
for (const r of reads) {
  readMs += r.ms;
  const seen = new Set();
  for (let off = r.position; off < r.position + r.length; off += Math.min(BLOCK, r.position + r.length - off)) {
    const layer = layerOf(off);
    bytes.set(layer, (bytes.get(layer) ?? 0) + Math.min(BLOCK, r.position + r.length - off));
    seen.add(layer);
  }
  for (const layer of seen) count.set(layer, (count.get(layer) ?? 0) + 1);
}
console.log(`${image}: ${reads.length} reads, ${(io.bytesRead / 1048576).toFixed(2)} MiB; ${readMs.toFixed(1)} ms inside reads of ${(io.seconds * 1000).toFixed(0)} ms inspecting\n`);
console.log('| layer | bytes | reads touching it |\n| --- | ---: | ---: |');
for (const [layer, b] of [...bytes].sort((x, y) => y[1] - x[1])) console.log(`| ${layer} | ${(b / 1024).toFixed(0)} KiB | ${count.get(layer)} |`);
