// `node scripts/bench/initramfs.mjs`: what reading a real default initramfs costs, alone: wall
// time, CPU, MiB read and peak RSS of readInitramfs (src/initramfs) over a 30-60 MiB zstd archive
// built from Debian 12's cloud kernel package the way mkinitramfs lays one out (an uncompressed
// early cpio, then `find . | LC_ALL=C sort | cpio -H newc` of the kernel's /lib/modules tree
// compressed with `zstd -19` and with mkinitramfs' default `zstd -9`). Not a test.
//
// Until the kernel-drivers facts read the initramfs in `vhd-gate check`, this is the row that
// measures it; the reader is bundled from src/ with the project's rollup plugins into
// .fixture-work/bench/initramfs/ and the file is read with ranged reads (1 MiB pieces), as the
// guest layer does. Each measurement runs in its own process (peak RSS is per process).
//
//   node scripts/bench/initramfs.mjs [--runs=3]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const WORK = join(REPO, '.fixture-work/bench/initramfs');
const KERNEL_PACKAGE = 'linux-image-6.1.0-57-cloud-amd64';
const MIB = 1024 * 1024;
const args = process.argv.slice(2);
const RUNS = Number(args.find((a) => a.startsWith('--runs='))?.slice(7) ?? 3);

function sh(command, options = {}) {
  const run = spawnSync('bash', ['-euo', 'pipefail', '-c', command], { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8', ...options });
  if (run.status !== 0) throw new Error(`failed: ${command}`);
  return run.stdout;
}

/** The archives, built once. */
function build() {
  mkdirSync(WORK, { recursive: true });
  const images = { 'zstd -19': join(WORK, 'initrd-zstd19.img'), 'zstd -9': join(WORK, 'initrd-zstd9.img') };
  if (Object.values(images).every((f) => existsSync(f))) return images;
  if (!readdirSync(WORK).some((f) => f.startsWith(KERNEL_PACKAGE))) sh(`cd ${WORK} && apt-get download -q ${KERNEL_PACKAGE}`);
  sh(`cd ${WORK} && rm -rf root early && dpkg-deb -x ${KERNEL_PACKAGE}_*.deb root`);
  sh(`cd ${WORK} && mkdir -p early/kernel/x86/microcode && head -c 3072 /dev/zero | tr '\\0' M >early/kernel/x86/microcode/GenuineIntel.bin`);
  sh(`cd ${WORK}/early && find . | LC_ALL=C sort | cpio --quiet -o -H newc >../early.cpio`);
  sh(`cd ${WORK}/root && find . | LC_ALL=C sort | cpio --quiet -o -H newc >../main.cpio`);
  sh(`cd ${WORK} && zstd -q -19 -T0 -f main.cpio -o main.zst19 && zstd -q -9 -f main.cpio -o main.zst9`);
  sh(`cd ${WORK} && cat early.cpio main.zst19 >${images['zstd -19']} && cat early.cpio main.zst9 >${images['zstd -9']}`);
  return images;
}

/** Bundles src/initramfs/read-initramfs.ts with the project's rollup plugins. */
function bundle() {
  const out = join(WORK, 'bundle');
  const config = join(REPO, '.bench-initramfs.rollup.mjs');
  writeFileSync(
    config,
    `import commonjs from '@rollup/plugin-commonjs';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import typescript from '@rollup/plugin-typescript';
export default {
  input: 'src/initramfs/read-initramfs.ts',
  output: { dir: ${JSON.stringify(out)}, format: 'es' },
  plugins: [typescript({ tsconfig: 'tsconfig.json', include: ['src/**/*.ts'], filterRoot: '.', compilerOptions: { outDir: ${JSON.stringify(out)}, rootDir: 'src', sourceMap: false, types: ['node'] } }), nodeResolve({ preferBuiltins: true, exportConditions: ['node'] }), commonjs()],
};
`,
  );
  try {
    sh(`cd ${REPO} && npx rollup --silent --config ${config}`);
  } finally {
    sh(`rm -f ${config}`);
  }
  return join(out, 'read-initramfs.js');
}

/** One measurement in a fresh process: prints a JSON line. */
function measure(reader, image) {
  const child = `
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { readInitramfs } from ${JSON.stringify(reader)};
const fd = openSync(${JSON.stringify(image)}, 'r');
const size = statSync(${JSON.stringify(image)}).size;
let bytesRead = 0;
const file = { name: '/boot/initrd.img', size, read: async (offset, length) => {
  const out = new Uint8Array(length); readSync(fd, out, 0, length, offset); bytesRead += length; return out; } };
const guest = { budgets: new Proxy({}, { get: () => Number.MAX_SAFE_INTEGER }), enforce() {}, async openFile() { return file; } };
const cpu0 = process.cpuUsage(); const wall0 = performance.now();
const listing = await readInitramfs(guest, '/boot/initrd.img', { keep: (n) => /modules\\.(dep|builtin)$/.test(n) });
const cpu = process.cpuUsage(cpu0);
closeSync(fd);
console.log(JSON.stringify({ wall: performance.now() - wall0, cpu: (cpu.user + cpu.system) / 1000, bytesRead, peakRss: process.resourceUsage().maxRSS * 1024,
  entries: listing.entries.length, expanded: listing.archives.reduce((n, a) => n + a.cpioBytes, 0) }));
`;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', child], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(run.stderr);
  return JSON.parse(run.stdout.trim().split('\n').pop());
}

const median = (values) => values.slice().sort((a, b) => a - b)[Math.floor(values.length / 2)];
const images = build();
const reader = bundle();
console.log(`| initramfs (${RUNS} runs, median) | stored MiB | decompressed MiB | entries | wall s | CPU s | MiB read | peak RSS MiB |`);
console.log('|---|---|---|---|---|---|---|---|');
for (const [label, image] of Object.entries(images)) {
  const runs = Array.from({ length: RUNS }, () => measure(reader, image));
  const r = runs[0];
  console.log(
    `| readInitramfs, ${label} | ${(statSync(image).size / MIB).toFixed(1)} | ${(r.expanded / MIB).toFixed(1)} | ${r.entries} | ${(median(runs.map((x) => x.wall)) / 1000).toFixed(2)} | ${(median(runs.map((x) => x.cpu)) / 1000).toFixed(2)} | ${(r.bytesRead / MIB).toFixed(1)} | ${(median(runs.map((x) => x.peakRss)) / MIB).toFixed(0)} |`,
  );
}
