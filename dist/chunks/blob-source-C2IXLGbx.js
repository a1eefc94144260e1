import { e as endpointUrl, c as chooseStorageAuth, a as BlobClient, B as BlobServiceClient, R as RestError } from './storage-auth-C6B1Ymd7.js';
import { a4 as IoCounter, a5 as redactBlobUrl, a3 as IoError, a6 as checkRange, c as hex, a7 as parseBlobUrl } from './markdown-C5eo8QAh.js';
import 'node:os';
import 'node:util';
import 'node:process';
import 'node:http';
import 'node:https';
import 'node:zlib';
import 'node:stream';
import 'events';
import 'node:buffer';
import 'node:module';
import 'node:path';
import 'node:url';
import 'node:crypto';
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
import 'buffer';
import 'node:fs';
import 'stream/web';
import 'node:fs/promises';
import 'process';

// Copyright (c) Microsoft Corporation.
// Licensed under the MIT License.
/** Known values of {@link EncryptionAlgorithmType} that the service accepts. */
var KnownEncryptionAlgorithmType;
(function (KnownEncryptionAlgorithmType) {
    KnownEncryptionAlgorithmType["AES256"] = "AES256";
})(KnownEncryptionAlgorithmType || (KnownEncryptionAlgorithmType = {}));

/**
 * Reads a ranged response body into memory, never more than `expected` bytes (a server that
 * sends more is cut off), and gives up when `signal` aborts (per-request timeout): a stalled
 * body rejects instead of hanging the gate.
 */
async function readBody(body, expected, signal) {
    if (!body)
        throw new Error('the response had no body');
    const out = new Uint8Array(expected);
    let filled = 0;
    await new Promise((resolve, reject) => {
        const stream = body;
        const fail = (error) => {
            cleanup();
            stream.destroy?.();
            reject(error);
        };
        const onAbort = () => fail(new Error(`the response body stalled after ${filled} of ${expected} bytes`));
        const onData = (chunk) => {
            const take = Math.min(chunk.length, expected - filled);
            out.set(chunk.subarray(0, take), filled);
            filled += take;
            if (chunk.length > take)
                fail(new Error(`the response body is longer than the ${expected} bytes asked for`));
        };
        const onEnd = () => {
            cleanup();
            resolve();
        };
        const onError = (error) => fail(error);
        const cleanup = () => {
            signal.removeEventListener('abort', onAbort);
            stream.removeListener('data', onData);
            stream.removeListener('end', onEnd);
            stream.removeListener('error', onError);
        };
        if (signal.aborted)
            return onAbort();
        signal.addEventListener('abort', onAbort);
        stream.on('data', onData);
        stream.on('end', onEnd);
        stream.on('error', onError);
    });
    return out.subarray(0, filled);
}

const defaults = { attempts: 5, requestTimeoutMs: 30_000, backoffMs: 200 };
/**
 * A blob read with ranged GETs (BlobClient.download(offset, count)), never downloaded whole.
 * The SDK's own retry policy is reduced to one try: this class owns retries, because it also
 * retries what the SDK cannot see, a body shorter than the range asked for. Retries cover
 * 5xx, 408/429, timeouts and broken connections, with exponential backoff; 4xx answers are
 * final. Reads are exact-or-throw like every ByteSource; the block cache in front clamps its
 * widened reads at the end of the blob.
 */
class BlobSource {
    client;
    name;
    size;
    facts;
    auth;
    options;
    stats = new IoCounter();
    /** Requests that were retried (failed attempts). */
    retries = 0;
    constructor(client, name, size, facts, auth, options) {
        this.client = client;
        this.name = name;
        this.size = size;
        this.facts = facts;
        this.auth = auth;
        this.options = options;
    }
    /** Opens IMAGE (a blob URL): authenticates, reads the blob's properties (size, type). */
    static async open(image, options = {}) {
        const name = redactBlobUrl(image);
        const tuning = { ...defaults, ...definedOnly(options) };
        let client;
        let auth;
        try {
            ({ client, auth } = await makeClient(image, options));
        }
        catch (cause) {
            if (cause instanceof IoError)
                throw cause;
            throw new IoError('io', `cannot open blob ${name}: ${redactBlobUrl(String(cause.message))}`, { cause });
        }
        const properties = await withRetries(tuning, name, 'reading the blob properties', () => client.getProperties({ abortSignal: AbortSignal.timeout(tuning.requestTimeoutMs) }), () => undefined);
        const size = properties.contentLength ?? 0;
        const blobType = (properties.blobType ?? 'BlockBlob');
        return new BlobSource(client, name, size, { blobType }, auth, tuning);
    }
    async read(offset, length) {
        checkRange(this, offset, length);
        if (length === 0)
            return new Uint8Array(0);
        const what = `reading ${length} bytes at ${hex(offset)}`;
        const bytes = await withRetries(this.options, this.name, what, async () => {
            const signal = AbortSignal.timeout(this.options.requestTimeoutMs);
            const response = await this.client.download(offset, length, { abortSignal: signal, maxRetryRequests: 0 });
            const body = await readBody(response.readableStreamBody, length, signal);
            if (body.length !== length)
                throw new ShortBody(`${this.name}: ${what}: the response body held ${body.length} bytes`);
            return body;
        }, () => this.retries++, offset);
        this.stats.add(length);
        return bytes;
    }
    /** Nothing to release: requests are independent. Present so callers treat every source alike. */
    async close() { }
}
/** A response body shorter than the range: retried like a broken connection. */
class ShortBody extends Error {
}
/** Builds the client: SAS in the URL, else a connection string, else the credential chain (blob/storage-auth.ts). */
async function makeClient(image, options) {
    const location = parseBlobUrl(image);
    const pipeline = { retryOptions: { maxTries: 1 } };
    const url = endpointUrl(location.url, options.blobEndpoint, location.container, location.blob);
    const auth = await chooseStorageAuth(location.hasSas, options);
    if (auth.kind === 'sas')
        return { client: new BlobClient(url, undefined, pipeline), auth: 'sas' };
    if (auth.kind === 'connection-string') {
        const service = BlobServiceClient.fromConnectionString(auth.connectionString, pipeline);
        return { client: service.getContainerClient(location.container).getBlobClient(location.blob), auth: 'connection-string' };
    }
    return { client: new BlobClient(url, auth.credential, pipeline), auth: 'credential' };
}
/** Runs `attempt` until it succeeds, a final error occurs, or the attempts run out. */
async function withRetries(tuning, name, what, attempt, onRetry, offset) {
    let last;
    for (let i = 0; i < tuning.attempts; i++) {
        if (i > 0) {
            onRetry();
            const delay = tuning.backoffMs * 2 ** (i - 1);
            await new Promise((resolve) => setTimeout(resolve, delay / 2 + Math.random() * (delay / 2)));
        }
        try {
            return await attempt();
        }
        catch (error) {
            last = error;
            if (!retryable(error))
                break;
        }
    }
    throw new IoError('io', `${name}: ${what}: ${explain(last)}`, { offset, cause: last });
}
/** Server errors, throttling, timeouts and broken or short bodies are worth another try. */
function retryable(error) {
    if (error instanceof ShortBody)
        return true;
    const status = error instanceof RestError ? error.statusCode : undefined;
    if (status === undefined)
        return true; // no HTTP answer: connection reset, timeout, abort
    return status >= 500 || status === 408 || status === 429;
}
/** One clause a user can act on, with nothing secret in it. */
function explain(error) {
    const status = error instanceof RestError ? error.statusCode : undefined;
    if (status === 404)
        return 'the blob (or its container) does not exist (HTTP 404)';
    if (status === 403)
        return 'access denied (HTTP 403): check the SAS (expiry, read permission) or the identity\'s role (Storage Blob Data Reader)';
    if (status === 401)
        return 'not authenticated (HTTP 401)';
    const code = error instanceof RestError && error.code ? ` ${error.code}` : '';
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return redactBlobUrl(`${status ? `HTTP ${status}${code}: ` : ''}${message}`);
}
function definedOnly(options) {
    const out = {};
    for (const key of Object.keys(defaults))
        if (options[key] !== undefined)
            out[key] = options[key];
    return out;
}

export { BlobSource };
