// `npm run bench`: how much time, I/O and memory the local check costs on a realistic guest,
// against a native floor (debugfs) and a "read everything" stand-in (cat). Not a test.
//
//   npm run bench                 # 5 runs each, median reported
//   npm run bench -- --runs=3 --no-cat
//   npm run bench -- --list       # only print the debugfs floor's commands
//   npm run bench -- --no-blob    # skip Azurite and rows (b), (c-blob)
//   npm run bench -- --blob-prefix=2048   # MiB of the blob row (c) downloads before extrapolating
//
// Builds (once, cached in .fixture-work/bench/) sparse fixed VHDs of 2 GiB, 32 GiB and 2 TiB
// holding the same Ubuntu-like guest (build-image.sh), and a 32 GiB LVM + XFS one (the Rocky 9
// fixture grown to 32 GiB by build-lvm-image.sh), then measures:
//   (a) node dist/cli.js check <vhd> --os-state generalized --format json, for each size:
//       wall time (spawn to exit), bytes read and reads (the report's `io`), peak RSS (GNU time %M);
//       also for the LVM + XFS image;
//   (b) the same check on each 32 GiB image uploaded to Azurite (in memory, loopback, only its
//       non-zero pages written: scripts/bench/azurite.mjs), pointed at it by blob URL with
//       AZURE_STORAGE_CONNECTION_STRING; bytes, requests and cache hits from the report's `io`;
//   (c) the baseline of downloading that blob whole (download-blob.mjs: 8 MiB ranged GETs); on
//       loopback Azurite serves ~130 MiB/s, so 32 GiB would take ~4 min: the first --blob-prefix
//       MiB (default 2 GiB) are downloaded and the whole is extrapolated linearly (marked so);
//   (c) also cat <32 GiB vhd> >/dev/null: what reading the whole image costs locally;
//   (d) debugfs over the 32 GiB image's root partition (`file?offset=N`, no loop device),
//       cat-ing the guest files the facts modules name (see guestFileCommands): the native floor.
// Prints one markdown table. Needs root, the disk tools build-image.sh lists, GNU time
// (/usr/bin/time, Debian package `time`) and a bundled dist/cli.js (`npm run bundle`).
import { spawn, spawnSync } from 'node:child_process';
import { openSync, readSync, closeSync, existsSync, readFileSync, readdirSync, realpathSync, statSync, mkdtempSync, rmSync } from 'node:fs';
import { join, resolve, dirname, basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tmpdir, loadavg } from 'node:os';
import { startAzurite, uploadSparsePageBlob } from './azurite.mjs';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const WORK = join(REPO, '.fixture-work/bench');
const TREE = join(WORK, 'tree');
const CLI = join(REPO, 'dist/cli.js');
const GNU_TIME = '/usr/bin/time';
const MIB = 1024 * 1024;
const SIZES_MIB = [2048, 32768, 2097152]; // 2 GiB, 32 GiB, 2 TiB
const MAIN_SIZE_MIB = 32768;
const TOOLS = ['mkfs.ext4', 'debugfs', 'mkfs.vfat', 'mlabel', 'mmd', 'mcopy', 'sgdisk', 'sfdisk', 'python3', 'systemctl',
  'ssh-keygen', 'openssl', 'useradd', 'usermod', 'pwconv', 'dpkg-deb', 'apt-get', 'cat', 'lvm', 'losetup', 'jq', 'gzip'];

const args = process.argv.slice(2);
const RUNS = Number(args.find((a) => a.startsWith('--runs='))?.slice(7) ?? 5);
const WITH_CAT = !args.includes('--no-cat');
const WITH_BLOB = !args.includes('--no-blob');
const BLOB_PREFIX_MIB = Number(args.find((a) => a.startsWith('--blob-prefix='))?.slice(14) ?? 2048);
const DOWNLOAD = join(REPO, 'scripts/bench/download-blob.mjs');
/** Bytes per ranged GET in download-blob.mjs (for the extrapolated request count). */
const DOWNLOAD_RANGE = 8 * MIB;

/** Exits with one clear line when something the bench needs is missing. */
function preflight() {
  const fail = (msg) => {
    console.error(`bench: ${msg}`);
    process.exit(2);
  };
  if (process.getuid?.() !== 0) fail('run as root (the guest tree builders chown files to uid 0 and 1000)');
  const missing = TOOLS.filter((t) => spawnSync('sh', ['-c', `command -v ${t}`]).status !== 0);
  if (missing.length) fail(`missing tools: ${missing.join(', ')} (apt-get install e2fsprogs dosfstools mtools gdisk fdisk systemd passwd)`);
  if (!existsSync(GNU_TIME)) fail(`${GNU_TIME} is missing: apt-get install time`);
  if (!existsSync(CLI)) fail('dist/cli.js is missing: npm run bundle');
  if (!Number.isInteger(RUNS) || RUNS < 1) fail('--runs must be a positive integer');
  if (!Number.isInteger(BLOB_PREFIX_MIB) || BLOB_PREFIX_MIB < 8) fail('--blob-prefix must be an integer number of MiB, at least 8');
}

function vhdPath(sizeMiB) {
  return join(WORK, `bench-${sizeMiB}M.vhd`);
}

/** The LVM + XFS image (build-lvm-image.sh: the Rocky 9 fixture grown to 32 GiB). */
const LVM_VHD = join(WORK, `bench-lvm-${MAIN_SIZE_MIB}M.vhd`);

function buildImages() {
  for (const argv of [['build-image.sh', WORK, ...SIZES_MIB.map(String)], ['build-lvm-image.sh', WORK, String(MAIN_SIZE_MIB)]]) {
    const r = spawnSync('bash', [join(REPO, 'scripts/bench', argv[0]), ...argv.slice(1)], { stdio: 'inherit', env: { ...process.env, LVM_SUPPRESS_FD_WARNINGS: '1' } });
    if (r.status !== 0) process.exit(r.status ?? 1);
  }
}

/**
 * Runs argv under GNU time; resolves wall seconds (spawn to exit), CPU seconds (user + system),
 * peak RSS KiB, stdout, status. CPU time is given beside wall time because this machine's two
 * cores are shared: wall time grows with other load, CPU time much less.
 */
function timed(argv, { stdout = 'pipe', env = process.env } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'bench-'));
  const rssFile = join(dir, 'rss');
  return new Promise((done, failed) => {
    const start = process.hrtime.bigint();
    const child = spawn(GNU_TIME, ['-f', '%M %U %S', '-o', rssFile, ...argv], { stdio: ['ignore', stdout, 'pipe'], env });
    const out = [];
    let err = '';
    child.stdout?.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', failed);
    child.on('close', (status) => {
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      const [rssKiB, user, sys] = readFileSync(rssFile, 'utf8').trim().split('\n').pop().split(' ').map(Number);
      rmSync(dir, { recursive: true, force: true });
      done({ seconds, cpu: user + sys, rssKiB, stdout: Buffer.concat(out).toString('utf8'), stderr: err, status });
    });
  });
}

/** (a) one gate run: exit 0 (pass) or 1 (findings) are both a finished check; 2 is not. */
async function gateRun(vhd, env = process.env) {
  const r = await timed(['node', CLI, 'check', vhd, '--os-state', 'generalized', '--format', 'json'], { env });
  if (r.status !== 0 && r.status !== 1) throw new Error(`gate exited ${r.status} on ${vhd}: ${r.stderr.trim()}`);
  const report = JSON.parse(r.stdout);
  const { bytesRead, reads, cacheHits, retries } = report.io;
  return { seconds: r.seconds, cpu: r.cpu, rssKiB: r.rssKiB, bytes: bytesRead, reads, cacheHits, retries, verdict: report.verdict };
}

/**
 * (c) download of the blob's first `prefixBytes` (8 MiB ranged GETs, discarded), extrapolated
 * linearly to the whole blob: seconds, CPU and requests scale with bytes; RSS does not.
 */
async function downloadRun(containerName, blobName, env, prefixBytes) {
  const r = await timed(['node', DOWNLOAD, containerName, blobName, String(prefixBytes)], { env });
  if (r.status !== 0) throw new Error(`download-blob exited ${r.status}: ${r.stderr.trim()}`);
  const { bytes, requests, blobSize } = JSON.parse(r.stdout);
  const scale = blobSize / bytes;
  return {
    seconds: r.seconds * scale, cpu: r.cpu * scale, rssKiB: r.rssKiB, bytes: blobSize,
    reads: 1 + Math.ceil(blobSize / DOWNLOAD_RANGE), measuredSeconds: r.seconds, measuredBytes: bytes, measuredRequests: requests, extrapolated: scale > 1,
  };
}

/**
 * Rows (b) and (c): starts Azurite, uploads the image as a sparse page blob, measures, and stops
 * Azurite whatever happens (also on Ctrl-C). Returns the rows and a note on the upload.
 */
async function blobRows(images, sizeMiB) {
  const azurite = await startAzurite();
  const onSignal = async () => {
    await azurite.stop();
    process.exit(130);
  };
  process.once('SIGINT', onSignal).once('SIGTERM', onSignal);
  try {
    const container = azurite.service.getContainerClient('bench');
    await container.create();
    const env = { ...process.env, AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString };
    const rows = [];
    const uploads = [];
    let b;
    for (const { vhd, kind } of images) {
      const blobName = basename(vhd);
      const started = process.hrtime.bigint();
      const up = await uploadSparsePageBlob(container, blobName, vhd);
      const uploadSeconds = Number(process.hrtime.bigint() - started) / 1e9;
      uploads.push(`upload of ${blobName}: ${fmtBytes(up.bytesWritten)} of non-zero pages in ${up.puts} Put Page requests, ${uploadSeconds.toFixed(1)} s`);
      const url = `${azurite.endpoint}/bench/${blobName}`;
      await gateRun(url, env); // warm, as the local rows
      const m = await measure('(b) vhd-gate check, Azurite page blob (loopback)', () => gateRun(url, env), RUNS);
      rows.push({ ...m, image: `${fmtSize(sizeMiB)} page blob, ${kind}` });
      b ??= m;
    }
    const blobName = basename(images[0].vhd);
    const prefix = BLOB_PREFIX_MIB * MIB;
    const c = await measure('(c) download whole blob, 8 MiB ranged GETs', () => downloadRun('bench', blobName, env, prefix), Math.min(RUNS, 3));
    const note = c.last.extrapolated ? ` **extrapolated** from the first ${fmtBytes(c.last.measuredBytes)} (${c.last.measuredRequests} requests, ${c.last.measuredSeconds.toFixed(2)} s measured in the last run)` : '';
    rows.push({ ...c, label: c.label + note, image: `${fmtSize(sizeMiB)} page blob, ${images[0].kind}` });
    const upload = `${uploads.join('\n')}\n(Azurite in memory, pid ${azurite.pid})`;
    return { rows, upload, b };
  } finally {
    process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
    await azurite.stop();
  }
}

/** (c) cat of the whole image; bytes read is the file size (every byte, holes included). */
async function catRun(vhd) {
  const r = await timed(['cat', vhd], { stdout: 'ignore' });
  if (r.status !== 0) throw new Error(`cat exited ${r.status}: ${r.stderr.trim()}`);
  return { seconds: r.seconds, cpu: r.cpu, rssKiB: r.rssKiB, bytes: statSync(vhd).size, reads: undefined };
}

/**
 * Byte offset of the first Linux-filesystem partition, from the GPT header at LBA 1 (UEFI spec
 * 5.3: Partition Entry LBA at 0x48 u64, Number of Partition Entries 0x50, Size Of Entry 0x54;
 * entry: type GUID 0x00, Starting LBA 0x20).
 */
function rootPartitionOffset(vhd) {
  const fd = openSync(vhd, 'r');
  const header = readAt(fd, 512, 512);
  if (header.toString('latin1', 0, 8) !== 'EFI PART') throw new Error(`${vhd}: no GPT header at LBA 1`);
  const entriesLba = Number(header.readBigUInt64LE(0x48));
  const count = header.readUInt32LE(0x50);
  const entrySize = header.readUInt32LE(0x54);
  const entries = readAt(fd, entriesLba * 512, count * entrySize);
  const linuxFs = Buffer.from('af3dc60f838472478e793d69d8477de4', 'hex'); // 0FC63DAF-8483-4772-8E79-3D69D8477DE4, mixed-endian
  for (let i = 0; i < count; i++) {
    const e = entries.subarray(i * entrySize, (i + 1) * entrySize);
    if (e.subarray(0, 16).equals(linuxFs)) {
      closeSync(fd);
      return Number(e.readBigUInt64LE(0x20)) * 512;
    }
  }
  closeSync(fd);
  throw new Error(`${vhd}: no Linux filesystem partition in the GPT`);
}

function readAt(fd, offset, length) {
  const b = Buffer.alloc(length);
  if (readSync(fd, b, 0, length, offset) !== length) throw new Error(`short read at ${offset}`);
  return b;
}

// Directories whose every file the facts modules may read (config drop-in folders); other named
// directories (/usr/lib/systemd/system, /home, ...) are only listed, as the gate mostly looks
// names up in them rather than reading each file.
const READ_WHOLE_DIR = /^\/(etc|var\/lib)\//;
// Files whose contents the facts modules parse: configuration, state, homes, boot config, os-release.
const CAT_PATH = /^\/(etc|var|home|root|boot)\/|os-release$/;

/**
 * The debugfs commands for the floor: every absolute guest path quoted in src/facts and src/guest
 * (how the facts modules name what they read), expanded against the staged tree: a file is
 * `cat` (or `stat`, for a program file), a directory `ls` (and its files `cat` when under /etc or /var/lib), a `*` pattern each
 * match; plus each home directory's shell history and authorized_keys. An approximation of the
 * gate's own reads, stated as such in docs/benchmarks.md.
 */
function guestFileCommands() {
  const named = new Set();
  for (const dir of ['src/facts', 'src/guest']) {
    for (const file of walk(join(REPO, dir)).filter((f) => f.endsWith('.ts'))) {
      for (const m of readFileSync(file, 'utf8').matchAll(/['"`](\/(?:etc|var|home|root|usr|boot|lib|lib64)(?:\/[^'"`\s$]*)?)['"`]/g)) named.add(m[1]);
    }
  }
  for (const home of ['/root', ...listDir('/home').map((u) => `/home/${u}`)]) {
    for (const f of ['.bash_history', '.ssh/authorized_keys']) named.add(`${home}/${f}`);
  }
  const cmds = new Set();
  const files = new Set();
  for (const p of [...named].sort()) {
    for (const path of p.includes('*') ? expandGlob(p) : [p]) {
      const kind = kindInTree(path);
      if (kind === 'file') files.add(path);
      if (kind !== 'dir') continue;
      cmds.add(`ls -l "${path}"`);
      if (READ_WHOLE_DIR.test(path + '/')) for (const n of listDir(path)) if (kindInTree(`${path}/${n}`) === 'file') files.add(`${path}/${n}`);
    }
  }
  // Program files (/usr, /lib) are only looked up (does waagent exist?), so they are `stat`ed.
  for (const f of files) cmds.add(`${CAT_PATH.test(f) ? 'cat' : 'stat'} "${f}"`);
  return { cmds: [...cmds], files: files.size };
}

function walk(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
}

/** 'file' | 'dir' | undefined for a guest path, following links only while they stay in the tree. */
function kindInTree(guestPath) {
  try {
    const real = realpathSync(join(TREE, guestPath));
    if (real !== TREE && !real.startsWith(TREE + '/')) return undefined;
    const st = statSync(real);
    return st.isDirectory() ? 'dir' : st.isFile() ? 'file' : undefined;
  } catch {
    return undefined;
  }
}

function listDir(guestPath) {
  return kindInTree(guestPath) === 'dir' ? readdirSync(realpathSync(join(TREE, guestPath))).sort() : [];
}

/** Expands `*` in the last component only (the only place the facts modules put one). */
function expandGlob(pattern) {
  const slash = pattern.lastIndexOf('/');
  const dir = pattern.slice(0, slash) || '/';
  const re = new RegExp('^' + pattern.slice(slash + 1).split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*') + '$');
  return listDir(dir).filter((n) => re.test(n)).map((n) => `${dir}/${n}`);
}

/**
 * (d) one debugfs run over the root partition in place (`image?offset=N`, e2fsprogs' unix I/O
 * option). Commands go in on stdin; a final lookup of a missing file marks the end, at which
 * point /proc/<pid>/io (rchar: bytes debugfs read, the command text on stdin included) and VmHWM
 * (peak RSS) are read, before debugfs exits and they vanish.
 */
function debugfsRun(vhd, offset, cmds) {
  const marker = `/.bench-end-${process.pid}`;
  return new Promise((done, failed) => {
    const start = process.hrtime.bigint();
    const child = spawn('debugfs', ['-f', '-', `${vhd}?offset=${offset}`], { stdio: ['pipe', 'pipe', 'pipe'] });
    let outBytes = 0;
    let err = '';
    let sample;
    child.stdout.on('data', (d) => (outBytes += d.length));
    child.stderr.on('data', (d) => {
      err += d;
      if (!sample && err.includes(marker.slice(1))) {
        const io = readFileSync(`/proc/${child.pid}/io`, 'utf8');
        const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
        // /proc/<pid>/stat fields 14 and 15: utime and stime in clock ticks (USER_HZ, 100 on Linux).
        const stat = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
        const cpu = (Number(stat[11]) + Number(stat[12])) / 100;
        sample = { rchar: Number(/rchar:\s+(\d+)/.exec(io)[1]), syscr: Number(/syscr:\s+(\d+)/.exec(io)[1]), rssKiB: Number(/VmHWM:\s+(\d+)/.exec(status)[1]), cpu };
        child.stdin.end();
      }
    });
    child.on('error', failed);
    child.on('close', (status) => {
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      if (!sample) return failed(new Error(`debugfs exited ${status} before the end marker: ${err.slice(0, 500)}`));
      const missing = (err.match(/File not found/g) ?? []).length - 1;
      done({ seconds, cpu: sample.cpu, rssKiB: sample.rssKiB, bytes: sample.rchar, reads: sample.syscr, outBytes, missing });
    });
    child.stdin.write([...cmds, `cat ${marker}`].join('\n') + '\n');
  });
}

function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

async function measure(label, fn, runs) {
  const samples = [];
  for (let i = 0; i < runs; i++) samples.push(await fn());
  const pick = (k) => (samples[0][k] === undefined ? undefined : median(samples.map((s) => s[k])));
  return { label, runs, seconds: pick('seconds'), cpu: pick('cpu'), bytes: pick('bytes'), reads: pick('reads'), rssKiB: pick('rssKiB'), last: samples.at(-1) };
}

const fmtBytes = (b) => (b >= 1024 * MIB ? `${(b / 1024 / MIB).toFixed(1)} GiB` : b >= MIB ? `${(b / MIB).toFixed(2)} MiB` : `${(b / 1024).toFixed(0)} KiB`);
const fmtSize = (mib) => (mib >= 1024 * 1024 ? `${mib / 1024 / 1024} TiB` : `${mib / 1024} GiB`);

function table(rows) {
  const lines = ['| what | image | wall (median) | CPU user+sys | bytes read | requests | peak RSS | runs |', '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |'];
  for (const r of rows) {
    lines.push(`| ${r.label} | ${r.image} | ${r.seconds.toFixed(3)} s | ${r.cpu.toFixed(2)} s | ${fmtBytes(r.bytes)} | ${r.reads ?? 'n/a'} | ${(r.rssKiB / 1024).toFixed(1)} MiB | ${r.runs} |`);
  }
  return lines.join('\n');
}

async function main() {
  if (args.includes('--list')) {
    // The debugfs floor's commands, for docs/benchmarks.md (needs the staged tree from a bench run).
    console.log(guestFileCommands().cmds.join('\n'));
    return;
  }
  preflight();
  buildImages();
  const rows = [];
  for (const size of SIZES_MIB) {
    const vhd = vhdPath(size);
    await gateRun(vhd); // warm the page cache and node's compile cache: every row is a warm run
    const r = await measure('(a) vhd-gate check, local file', () => gateRun(vhd), RUNS);
    rows.push({ ...r, image: `${fmtSize(size)} fixed VHD, ext4` });
  }
  await gateRun(LVM_VHD);
  const lvm = await measure('(a) vhd-gate check, local file', () => gateRun(LVM_VHD), RUNS);
  rows.push({ ...lvm, image: `${fmtSize(MAIN_SIZE_MIB)} fixed VHD, LVM + XFS` });
  const main32 = vhdPath(MAIN_SIZE_MIB);
  if (WITH_CAT) {
    const r = await measure('(c) cat whole image > /dev/null', () => catRun(main32), Math.min(RUNS, 3));
    rows.push({ ...r, image: `${fmtSize(MAIN_SIZE_MIB)} fixed VHD, ext4` });
  }
  const blobImages = [{ vhd: main32, kind: 'ext4' }, { vhd: LVM_VHD, kind: 'LVM + XFS' }];
  const blob = WITH_BLOB ? await blobRows(blobImages, MAIN_SIZE_MIB) : undefined;
  if (blob) rows.splice(SIZES_MIB.length + 1, 0, ...blob.rows);
  const offset = rootPartitionOffset(main32);
  const { cmds, files } = guestFileCommands();
  await debugfsRun(main32, offset, cmds);
  const d = await measure(`(d) debugfs, ${files} files + ${cmds.length - files} dirs`, () => debugfsRun(main32, offset, cmds), RUNS);
  rows.push({ ...d, image: `${fmtSize(MAIN_SIZE_MIB)} root partition` });

  const node = process.version;
  const cpus = spawnSync('nproc').stdout.toString().trim();
  console.log(`\nvhd-gate bench: ${cpus} CPUs, node ${node}, ${RUNS} runs each (cat: ${Math.min(RUNS, 3)}), warm page cache, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}\n`);
  console.log(table(rows));
  console.log(`\ndebugfs: ${d.last.outBytes} bytes of file content printed, ${d.last.missing} named paths absent in this guest`);
  if (blob) {
    console.log(blob.upload);
    console.log(`(b) cache hits (reads served by the 64 KiB block cache, no request): ${blob.b.last.cacheHits ?? 'n/a'}, retries: ${blob.b.last.retries ?? 'n/a'}`);
  }
  console.log(`gate verdict on every image: ${rows.filter((r) => r.last.verdict).map((r) => r.last.verdict).join(', ')}`);
}

await main();
