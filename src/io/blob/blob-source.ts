import { BlobClient, BlobServiceClient, RestError, type StoragePipelineOptions } from '@azure/storage-blob';
import { IoError, hex } from '../../errors.js';
import { checkRange, type ByteSource } from '../byte-source.js';
import { IoCounter } from '../io-stats.js';
import { parseBlobUrl, redactBlobUrl } from './blob-url.js';
import { readBody } from './read-body.js';
import { chooseStorageAuth, endpointUrl, type StorageAuthOptions } from './storage-auth.js';

/** Azure blob types; a VHD for a managed disk or image must be a page blob. */
export type BlobType = 'PageBlob' | 'BlockBlob' | 'AppendBlob';

/** How to reach and read a blob. */
export interface BlobSourceOptions extends StorageAuthOptions {
  /** Custom blob endpoint (Azurite, sovereign clouds): replaces the account part of IMAGE's URL. */
  blobEndpoint?: string;
  /** Attempts per ranged read, first included (default 5). */
  attempts?: number;
  /** Milliseconds one request (headers and body) may take before it is abandoned and retried (default 30 s). */
  requestTimeoutMs?: number;
  /** First retry delay in ms; doubled each retry, with jitter (default 200). */
  backoffMs?: number;
}

/** Facts about the blob for the report and rules. */
export interface BlobFacts {
  /** PageBlob, BlockBlob or AppendBlob, as the service reports it. */
  blobType: BlobType;
}

/** How the blob client authenticates; reported so a user can see which path was taken. */
export type BlobAuth = 'sas' | 'connection-string' | 'credential';

const defaults = { attempts: 5, requestTimeoutMs: 30_000, backoffMs: 200 };

/**
 * A blob read with ranged GETs (BlobClient.download(offset, count)), never downloaded whole.
 * The SDK's own retry policy is reduced to one try: this class owns retries, because it also
 * retries what the SDK cannot see, a body shorter than the range asked for. Retries cover
 * 5xx, 408/429, timeouts and broken connections, with exponential backoff; 4xx answers are
 * final. Reads are exact-or-throw like every ByteSource; the block cache in front clamps its
 * widened reads at the end of the blob.
 */
export class BlobSource implements ByteSource {
  readonly stats = new IoCounter();
  /** Requests that were retried (failed attempts). */
  retries = 0;

  private constructor(
    private readonly client: BlobClient,
    readonly name: string,
    readonly size: number,
    readonly facts: BlobFacts,
    readonly auth: BlobAuth,
    private readonly options: typeof defaults,
  ) {}

  /** Opens IMAGE (a blob URL): authenticates, reads the blob's properties (size, type). */
  static async open(image: string, options: BlobSourceOptions = {}): Promise<BlobSource> {
    const name = redactBlobUrl(image);
    const tuning = { ...defaults, ...definedOnly(options) };
    let client: BlobClient;
    let auth: BlobAuth;
    try {
      ({ client, auth } = await makeClient(image, options));
    } catch (cause) {
      if (cause instanceof IoError) throw cause;
      throw new IoError('io', `cannot open blob ${name}: ${redactBlobUrl(String((cause as Error).message))}`, { cause });
    }
    const properties = await withRetries(tuning, name, 'reading the blob properties', () => client.getProperties({ abortSignal: AbortSignal.timeout(tuning.requestTimeoutMs) }), () => undefined);
    const size = properties.contentLength ?? 0;
    const blobType = (properties.blobType ?? 'BlockBlob') as BlobType;
    return new BlobSource(client, name, size, { blobType }, auth, tuning);
  }

  async read(offset: number, length: number): Promise<Uint8Array> {
    checkRange(this, offset, length);
    if (length === 0) return new Uint8Array(0);
    const what = `reading ${length} bytes at ${hex(offset)}`;
    const bytes = await withRetries(
      this.options,
      this.name,
      what,
      async () => {
        const signal = AbortSignal.timeout(this.options.requestTimeoutMs);
        const response = await this.client.download(offset, length, { abortSignal: signal, maxRetryRequests: 0 });
        const body = await readBody(response.readableStreamBody, length, signal);
        if (body.length !== length) throw new ShortBody(`${this.name}: ${what}: the response body held ${body.length} bytes`);
        return body;
      },
      () => this.retries++,
      offset,
    );
    this.stats.add(length);
    return bytes;
  }

  /** Nothing to release: requests are independent. Present so callers treat every source alike. */
  async close(): Promise<void> {}
}

/** A response body shorter than the range: retried like a broken connection. */
class ShortBody extends Error {}

/** Builds the client: SAS in the URL, else a connection string, else the credential chain (blob/storage-auth.ts). */
async function makeClient(image: string, options: BlobSourceOptions): Promise<{ client: BlobClient; auth: BlobAuth }> {
  const location = parseBlobUrl(image);
  const pipeline: StoragePipelineOptions = { retryOptions: { maxTries: 1 } };
  const url = endpointUrl(location.url, options.blobEndpoint, location.container, location.blob);
  const auth = await chooseStorageAuth(location.hasSas, options);
  if (auth.kind === 'sas') return { client: new BlobClient(url, undefined, pipeline), auth: 'sas' };
  if (auth.kind === 'connection-string') {
    const service = BlobServiceClient.fromConnectionString(auth.connectionString, pipeline);
    return { client: service.getContainerClient(location.container).getBlobClient(location.blob), auth: 'connection-string' };
  }
  return { client: new BlobClient(url, auth.credential, pipeline), auth: 'credential' };
}

/** Runs `attempt` until it succeeds, a final error occurs, or the attempts run out. */
async function withRetries<T>(
  tuning: typeof defaults,
  name: string,
  what: string,
  attempt: () => Promise<T>,
  onRetry: () => void,
  offset?: number,
): Promise<T> {
  let last: unknown;
  for (let i = 0; i < tuning.attempts; i++) {
    if (i > 0) {
      onRetry();
      const delay = tuning.backoffMs * 2 ** (i - 1);
      await new Promise((resolve) => setTimeout(resolve, delay / 2 + Math.random() * (delay / 2)));
    }
    try {
      return await attempt();
    } catch (error) {
      last = error;
      if (!retryable(error)) break;
    }
  }
  throw new IoError('io', `${name}: ${what}: ${explain(last)}`, { offset, cause: last });
}

/** Server errors, throttling, timeouts and broken or short bodies are worth another try. */
function retryable(error: unknown): boolean {
  if (error instanceof ShortBody) return true;
  const status = error instanceof RestError ? error.statusCode : undefined;
  if (status === undefined) return true; // no HTTP answer: connection reset, timeout, abort
  return status >= 500 || status === 408 || status === 429;
}

/** One clause a user can act on, with nothing secret in it. */
function explain(error: unknown): string {
  const status = error instanceof RestError ? error.statusCode : undefined;
  if (status === 404) return 'the blob (or its container) does not exist (HTTP 404)';
  if (status === 403) return 'access denied (HTTP 403): check the SAS (expiry, read permission) or the identity\'s role (Storage Blob Data Reader)';
  if (status === 401) return 'not authenticated (HTTP 401)';
  const code = error instanceof RestError && error.code ? ` ${error.code}` : '';
  const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
  return redactBlobUrl(`${status ? `HTTP ${status}${code}: ` : ''}${message}`);
}

function definedOnly(options: BlobSourceOptions): Partial<typeof defaults> {
  const out: Partial<typeof defaults> = {};
  for (const key of Object.keys(defaults) as (keyof typeof defaults)[]) if (options[key] !== undefined) out[key] = options[key];
  return out;
}
