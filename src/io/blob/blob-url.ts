import { redact } from '../../report/redact.js';

/**
 * Telling a blob URL from a path, and naming a blob without its secrets. IMAGE is a blob
 * when it is an http(s) URL; everything else is a local path.
 */

/** Where a blob lives, parsed from IMAGE. */
export interface BlobLocation {
  /** The URL as given (may hold a SAS query). */
  url: URL;
  /** Container name. */
  container: string;
  /** Blob name inside the container (may contain '/'). */
  blob: string;
  /** Whether the URL carries a SAS (a `sig` query parameter). */
  hasSas: boolean;
}

/** True when IMAGE names a blob (an http or https URL) rather than a local file. */
export function isBlobUrl(image: string): boolean {
  return /^https?:\/\//i.test(image.trim());
}

/**
 * Splits a blob URL into container and blob. Account-host URLs
 * (https://ACCOUNT.blob.core.windows.net/CONTAINER/BLOB) put the container first; path-style
 * URLs (Azurite and IP endpoints: http://127.0.0.1:10000/ACCOUNT/CONTAINER/BLOB) put the
 * account first.
 */
export function parseBlobUrl(image: string): BlobLocation {
  const url = new URL(image.trim());
  const segments = url.pathname.split('/').filter((s) => s !== '').map(decodeURIComponent);
  const pathStyle = isPathStyleHost(url.hostname);
  const parts = pathStyle ? segments.slice(1) : segments;
  if (parts.length < 2) {
    throw new Error(`${redactBlobUrl(image)} does not name a blob: expected ${pathStyle ? '/ACCOUNT' : ''}/CONTAINER/BLOB`);
  }
  return { url, container: parts[0]!, blob: parts.slice(1).join('/'), hasSas: url.searchParams.has('sig') };
}

/** The URL as it may be printed: SAS signature (and any other secret value) masked. */
export function redactBlobUrl(image: string): string {
  return redact(image);
}

/** IP addresses and localhost are path-style endpoints (Azurite, private endpoints by IP). */
function isPathStyleHost(hostname: string): boolean {
  return hostname === 'localhost' || /^\d+\.\d+\.\d+\.\d+$/.test(hostname) || hostname.startsWith('[');
}

/** A container (and an optional name prefix inside it), parsed from a container URL. */
export interface ContainerLocation {
  /** The URL as given (may hold a SAS query). */
  url: URL;
  /** Container name. */
  container: string;
  /** The path after the container, when the URL names a "folder" (`.../CONTAINER/images/`): a name prefix. */
  pathPrefix: string;
  /** Whether the URL carries a SAS (a `sig` query parameter). */
  hasSas: boolean;
  /** The URL of the container without query, as blob URLs for reports are built from it. */
  base: string;
}

/**
 * Splits a container URL: `https://ACCOUNT.blob.core.windows.net/CONTAINER[/PREFIX]` or the
 * path-style `http://127.0.0.1:10000/ACCOUNT/CONTAINER[/PREFIX]` (Azurite).
 */
export function parseContainerUrl(containerUrl: string): ContainerLocation {
  const url = new URL(containerUrl.trim());
  const raw = url.pathname.split('/');
  const segments = raw.filter((s) => s !== '');
  const pathStyle = isPathStyleHost(url.hostname);
  const skip = pathStyle ? 1 : 0;
  if (segments.length <= skip) {
    throw new Error(`${redactBlobUrl(containerUrl)} does not name a container: expected ${pathStyle ? '/ACCOUNT' : ''}/CONTAINER`);
  }
  const container = decodeURIComponent(segments[skip]!);
  const rest = segments.slice(skip + 1).map(decodeURIComponent).join('/');
  const pathPrefix = rest && url.pathname.endsWith('/') ? `${rest}/` : rest;
  const base = `${url.origin}/${segments.slice(0, skip + 1).join('/')}`;
  return { url, container, pathPrefix, hasSas: url.searchParams.has('sig'), base };
}
