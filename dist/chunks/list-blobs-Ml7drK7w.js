import { r as redact, a2 as parseContainerUrl, a3 as IoError } from './markdown-C5eo8QAh.js';
import { e as endpointUrl, c as chooseStorageAuth, C as ContainerClient, B as BlobServiceClient } from './storage-auth-C6B1Ymd7.js';
import 'node:zlib';
import 'stream/web';
import 'node:fs';
import 'node:fs/promises';
import 'node:crypto';
import 'node:path';
import 'node:url';
import 'process';
import 'buffer';
import 'node:os';
import 'node:util';
import 'node:process';
import 'node:http';
import 'node:https';
import 'node:stream';
import 'events';
import 'node:buffer';
import 'node:module';
import 'stream';
import 'net';
import 'tls';
import 'assert';
import 'tty';
import 'util';
import 'os';
import 'http';
import 'https';
import 'url';

/** The service's largest page (List Blobs `maxresults`). */
const maxListPageSize = 5000;
/**
 * Every page blob under a container URL (and prefix), following the listing's continuation
 * tokens page by page (List Blobs, flat). Block and append blobs are skipped and named: Azure
 * makes disks and images only from page blobs. Blob URLs are built from the URL as given
 * (its host, not --blob-endpoint), without its query, so the matrix never carries a SAS.
 */
async function listPageBlobs(containerUrl, options = {}) {
    const shown = redact(containerUrl);
    let location;
    try {
        location = parseContainerUrl(containerUrl);
    }
    catch (cause) {
        throw new IoError('io', cause.message, { cause });
    }
    const prefix = `${location.pathPrefix}${options.prefix ?? ''}`;
    const client = await containerClient(location, options);
    const listing = { images: [], skipped: [], notes: [] };
    let pages = 0;
    try {
        for await (const page of client.listBlobsFlat({ prefix: prefix || undefined }).byPage({ maxPageSize: options.pageSize ?? maxListPageSize })) {
            pages++;
            for (const blob of page.segment.blobItems) {
                const type = blob.properties.blobType ?? 'unknown';
                if (type !== 'PageBlob') {
                    listing.skipped.push({ name: blob.name, reason: `${type}: Azure makes disks and images only from page blobs (DISK-BLOB-TYPE)` });
                    continue;
                }
                listing.images.push({ name: blob.name, image: `${location.base}/${blob.name.split('/').map(encodeURIComponent).join('/')}` });
            }
        }
    }
    catch (cause) {
        throw new IoError('io', `cannot list ${shown}: ${explainListError(cause)}`, { cause });
    }
    listing.notes.push(`listed ${shown}${prefix ? ` with prefix ${JSON.stringify(prefix)}` : ''} in ${pages} request${pages === 1 ? '' : 's'}`);
    return listing;
}
async function containerClient(location, options) {
    const pipeline = { retryOptions: { maxTries: 4 } };
    const url = endpointUrl(location.url, options.blobEndpoint, location.container);
    const auth = await chooseStorageAuth(location.hasSas, options);
    if (auth.kind === 'sas')
        return new ContainerClient(url, undefined, pipeline);
    if (auth.kind === 'connection-string') {
        // The connection string names the account endpoint itself; the URL gives the container.
        return BlobServiceClient.fromConnectionString(auth.connectionString, pipeline).getContainerClient(location.container);
    }
    return new ContainerClient(url, auth.credential, pipeline);
}
/** One clause a user can act on; list needs the List permission (`sp=l`) or the Reader data role. */
function explainListError(error) {
    const status = error.statusCode;
    if (status === 404)
        return 'the container does not exist (HTTP 404)';
    if (status === 403)
        return "access denied (HTTP 403): a SAS needs list permission (sp=rl), an identity the Storage Blob Data Reader role";
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return redact(`${status ? `HTTP ${status}: ` : ''}${message}`);
}

export { listPageBlobs, maxListPageSize };
