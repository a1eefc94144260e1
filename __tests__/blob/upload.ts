import { open } from 'node:fs/promises';
import type { ContainerClient } from '@azure/storage-blob';

/** Largest range one Put Page call may write. */
const maxPutPage = 4 * 1024 * 1024;
/** Page granularity of a page blob. */
const page = 512;

/**
 * Uploads a local image as a page blob the way an efficient uploader (azcopy, the Azure
 * portal) does: create the blob at the file's size rounded up to 512 bytes, then write only
 * the 512-byte pages that are not all zero, in runs of up to 4 MiB. Returns the pages written.
 */
export async function uploadPageBlob(container: ContainerClient, blobName: string, file: string): Promise<{ bytesWritten: number; size: number }> {
  const handle = await open(file, 'r');
  try {
    const fileSize = (await handle.stat()).size;
    const size = Math.ceil(fileSize / page) * page;
    const blob = container.getPageBlobClient(blobName);
    await blob.create(size);
    let bytesWritten = 0;
    const chunk = new Uint8Array(maxPutPage);
    for (let start = 0; start < size; start += maxPutPage) {
      chunk.fill(0);
      const { bytesRead } = await handle.read(chunk, 0, Math.min(maxPutPage, fileSize - start), start);
      const length = Math.ceil(bytesRead / page) * page;
      for (const [from, to] of nonZeroRuns(chunk.subarray(0, length))) {
        await blob.uploadPages(chunk.slice(from, to), start + from, to - from);
        bytesWritten += to - from;
      }
    }
    return { bytesWritten, size };
  } finally {
    await handle.close();
  }
}

/** Uploads a local image as a block blob (what `az storage blob upload` does by default). */
export async function uploadBlockBlob(container: ContainerClient, blobName: string, file: string): Promise<void> {
  await container.getBlockBlobClient(blobName).uploadFile(file);
}

const zeroPage = Buffer.alloc(page);

/** [from, to) runs of 512-byte pages holding at least one non-zero byte. */
function nonZeroRuns(bytes: Uint8Array): [number, number][] {
  const runs: [number, number][] = [];
  let runStart = -1;
  for (let p = 0; p < bytes.length; p += page) {
    const zero = Buffer.from(bytes.buffer, bytes.byteOffset + p, page).equals(zeroPage);
    if (!zero && runStart < 0) runStart = p;
    if (zero && runStart >= 0) {
      runs.push([runStart, p]);
      runStart = -1;
    }
  }
  if (runStart >= 0) runs.push([runStart, bytes.length]);
  return runs;
}
