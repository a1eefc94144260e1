// Row (c) of `npm run bench`: the baseline of downloading a blob whole, as a ranged-GET loop
// (what azcopy and BlobClient.downloadToFile do), every byte discarded. Run by run.mjs under
// GNU time so that its peak RSS is measured too.
//
//   AZURE_STORAGE_CONNECTION_STRING=... node scripts/bench/download-blob.mjs CONTAINER BLOB [PREFIX_BYTES]
//
// PREFIX_BYTES (default: the whole blob) stops after that many bytes, for blobs too large to
// download in the bench's time; run.mjs extrapolates and says so. Prints one JSON line:
// { bytes, requests, blobSize }.
import { BlobServiceClient } from '@azure/storage-blob';

/** Bytes per ranged GET: azcopy's default download block size. */
const RANGE = 8 * 1024 * 1024;

const [containerName, blobName, prefixArg] = process.argv.slice(2);
const service = BlobServiceClient.fromConnectionString(process.env.AZURE_STORAGE_CONNECTION_STRING);
const blob = service.getContainerClient(containerName).getBlobClient(blobName);
const blobSize = (await blob.getProperties()).contentLength;
const limit = prefixArg ? Math.min(Number(prefixArg), blobSize) : blobSize;
let bytes = 0;
let requests = 1; // the Get Blob Properties above
for (let offset = 0; offset < limit; offset += RANGE) {
  const count = Math.min(RANGE, limit - offset);
  const response = await blob.download(offset, count);
  requests++;
  for await (const chunk of response.readableStreamBody) bytes += chunk.length;
}
if (bytes !== limit) throw new Error(`downloaded ${bytes} bytes, expected ${limit}`);
console.log(JSON.stringify({ bytes, requests, blobSize }));
