import type { TokenCredential } from '@azure/core-auth';

/** How a blob or container client authenticates; reported so a user can see which path was taken. */
export type StorageAuth =
  | { kind: 'sas' }
  | { kind: 'connection-string'; connectionString: string }
  | { kind: 'credential'; credential: TokenCredential };

/** What the caller may give to authenticate (the blob and the list options share it). */
export interface StorageAuthOptions {
  /** Storage connection string (AccountKey or SAS); overrides AZURE_STORAGE_CONNECTION_STRING. */
  connectionString?: string;
  /** Credential used when neither a SAS nor a connection string is given (default: DefaultAzureCredential). */
  credential?: TokenCredential;
  /** Environment to read AZURE_STORAGE_CONNECTION_STRING from (default process.env). */
  env?: NodeJS.ProcessEnv;
}

/**
 * The one order every storage client follows, first match wins: a SAS in the URL, else a
 * connection string (option, then AZURE_STORAGE_CONNECTION_STRING), else the credential given,
 * else DefaultAzureCredential (imported only then: @azure/identity is large).
 */
export async function chooseStorageAuth(urlHasSas: boolean, options: StorageAuthOptions): Promise<StorageAuth> {
  if (urlHasSas) return { kind: 'sas' };
  const connectionString = options.connectionString?.trim() || (options.env ?? process.env).AZURE_STORAGE_CONNECTION_STRING?.trim();
  if (connectionString) return { kind: 'connection-string', connectionString };
  const credential = options.credential ?? new (await import('@azure/identity')).DefaultAzureCredential();
  return { kind: 'credential', credential };
}

/**
 * The URL to send requests to: `url` itself, or with `--blob-endpoint` the endpoint followed by
 * the container (and blob) path and the URL's query (a sovereign cloud's host, Azurite).
 */
export function endpointUrl(url: URL, blobEndpoint: string | undefined, container: string, blob?: string): string {
  const base = blobEndpoint?.trim().replace(/\/+$/, '');
  if (!base) return url.toString();
  const blobPath = blob === undefined ? '' : `/${blob.split('/').map(encodeURIComponent).join('/')}`;
  return `${base}/${encodeURIComponent(container)}${blobPath}${url.search}`;
}
