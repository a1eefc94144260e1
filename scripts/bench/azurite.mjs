// Azurite for the bench's blob rows: start it, upload a sparse VHD as a page blob, stop it.
// Plain-JS copy of the minimal steps of __tests__/blob/azurite.ts (startAzurite, stopChild) and
// __tests__/blob/upload.ts (uploadPageBlob), which are TypeScript and so cannot be imported by a
// .mjs script. Differences: the upload asks the kernel for the file's data extents (SEEK_DATA /
// SEEK_HOLE, via python3: node has no SEEK_DATA) instead of reading every hole, so a 32 GiB image
// with ~90 MiB of data uploads in seconds rather than the ~30 s it takes to read 32 GiB.
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { open } from 'node:fs/promises';
import os from 'node:os';
import { BlobServiceClient } from '@azure/storage-blob';

/** Azurite's well-known development account (public, documented by Microsoft; not a secret). */
export const devAccount = 'devstoreaccount1';
const devAccountKey = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

/**
 * Starts Azurite's blob service in memory on a free loopback port (port 0; Azurite prints the one
 * it got), telemetry off, nothing on disk. `extentMemoryLimit` (MiB) bounds what it may hold: the
 * uploaded pages live in RAM, which is why only non-zero pages are uploaded.
 * Resolves { endpoint, connectionString, service, stop }.
 */
export async function startAzurite({ extentMemoryLimitMiB = 1024 } = {}) {
  const main = createRequire(import.meta.url).resolve('azurite/dist/src/blob/main.js');
  const child = spawn(
    process.execPath,
    [main, '--inMemoryPersistence', '--extentMemoryLimit', String(extentMemoryLimitMiB), '--skipApiVersionCheck', '--loose', '--disableTelemetry', '--blobHost', '127.0.0.1', '--blobPort', '0'],
    { cwd: os.tmpdir(), stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, AZURITE_DISABLE_TELEMETRY: 'true' } },
  );
  const stop = () => stopChild(child);
  let port;
  try {
    port = await waitForPort(child);
  } catch (e) {
    await stop();
    throw e;
  }
  const endpoint = `http://127.0.0.1:${port}/${devAccount}`;
  const connectionString = `DefaultEndpointsProtocol=http;AccountName=${devAccount};AccountKey=${devAccountKey};BlobEndpoint=${endpoint};`;
  return { endpoint, connectionString, pid: child.pid, service: BlobServiceClient.fromConnectionString(connectionString), stop };
}

function waitForPort(child) {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`Azurite did not start within 30 s:\n${output}`)), 30_000);
    const onData = (chunk) => {
      output += chunk.toString();
      const match = /successfully listens on http:\/\/127\.0\.0\.1:(\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        child.stdout.removeListener('data', onData);
        child.stdout.resume(); // keep draining so Azurite never blocks on a full pipe
        resolve(Number(match[1]));
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk) => (output += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Azurite exited (${code}) before listening:\n${output}`));
    });
  });
}

function stopChild(child) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Largest range one Put Page call may write. */
const maxPutPage = 4 * 1024 * 1024;
/** Page granularity of a page blob. */
const page = 512;
const zeroPage = Buffer.alloc(page);

/** [start, end) data extents of a sparse file, from lseek(SEEK_DATA / SEEK_HOLE). */
function dataExtents(file) {
  const py = `import os,sys,json
fd=os.open(sys.argv[1],os.O_RDONLY); size=os.fstat(fd).st_size; off=0; out=[]
while off<size:
    try: start=os.lseek(fd,off,os.SEEK_DATA)
    except OSError: break
    end=os.lseek(fd,start,os.SEEK_HOLE); out.append([start,end]); off=end
print(json.dumps(out))`;
  const r = spawnSync('python3', ['-c', py, file], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`SEEK_DATA scan of ${file} failed: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

/**
 * Uploads a local sparse image as a page blob the way an efficient uploader (azcopy) does:
 * create the blob at the file's size rounded up to 512 bytes, then write only the 512-byte pages
 * that hold a non-zero byte, in runs of up to 4 MiB. Returns { bytesWritten, puts, size }.
 */
export async function uploadSparsePageBlob(container, blobName, file) {
  const handle = await open(file, 'r');
  try {
    const fileSize = (await handle.stat()).size;
    const size = Math.ceil(fileSize / page) * page;
    const blob = container.getPageBlobClient(blobName);
    await blob.create(size);
    let bytesWritten = 0;
    let puts = 0;
    const chunk = Buffer.alloc(maxPutPage);
    for (const [extentStart, extentEnd] of dataExtents(file)) {
      // Extents are block-aligned (>= 512), so page-aligned starts stay page-aligned.
      for (let start = Math.floor(extentStart / page) * page; start < extentEnd; start += maxPutPage) {
        chunk.fill(0);
        const want = Math.min(maxPutPage, extentEnd - start, fileSize - start);
        const { bytesRead } = await handle.read(chunk, 0, want, start);
        const length = Math.ceil(bytesRead / page) * page;
        for (const [from, to] of nonZeroRuns(chunk.subarray(0, length))) {
          await blob.uploadPages(chunk.subarray(from, to), start + from, to - from);
          bytesWritten += to - from;
          puts++;
        }
      }
    }
    return { bytesWritten, puts, size };
  } finally {
    await handle.close();
  }
}

/** [from, to) runs of 512-byte pages holding at least one non-zero byte. */
function nonZeroRuns(bytes) {
  const runs = [];
  let runStart = -1;
  for (let p = 0; p < bytes.length; p += page) {
    const zero = bytes.subarray(p, p + page).equals(zeroPage);
    if (!zero && runStart < 0) runStart = p;
    if (zero && runStart >= 0) {
      runs.push([runStart, p]);
      runStart = -1;
    }
  }
  if (runStart >= 0) runs.push([runStart, bytes.length]);
  return runs;
}
