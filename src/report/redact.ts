/**
 * Masks credentials in any text vhd-gate prints or writes: SAS signatures (`sig=`), storage
 * account keys (`AccountKey=`), and the secret parts of connection strings. Every reporter
 * runs its final output through `redact`, so a secret that reaches a message by accident
 * (an image named by its SAS URL, an error that quotes a URL) is still never shown.
 */

/** What a masked value is replaced with. */
export const redactedMark = '***';

/**
 * `name=value` pairs whose value is a secret. A SAS signature is URL-encoded base64, so its
 * value is exactly that alphabet; other values run until a separator that cannot occur in
 * them: `&` (URL query), `;` (connection string), whitespace, quotes, `<>`, `)` and a
 * backslash (JSON-escaped text).
 */
const sasSignature = /(^|[?&;\s"'(,])(sig)=([A-Za-z0-9%+/=_-]+)/gi;
const secretKeys = ['AccountKey', 'SharedAccessSignature', 'SharedAccessKey', 'Password', 'pwd'];
const secretPattern = new RegExp(`(^|[?&;\\s"'(,])(${secretKeys.join('|')})=([^&;\\s"'<>\\\\)]+)`, 'gi');

/**
 * A SAS inside another URL's query (a copy source, a redirect) arrives percent-encoded once
 * more: `sig%3D<value>`, the value ending at the next encoded `&` (`%26`) or separator.
 */
const encodedSasSignature = /(^|[?&;\s"'(,]|%26|%3F)(sig)%3D([A-Za-z0-9%+/=_-]+?)(?=%26|[&;\s"'<>)]|$)/gi;
/**
 * HTTP authorization values an SDK error could quote: `SharedKey ACCOUNT:SIGNATURE` (the
 * account name is kept) and `Bearer TOKEN`.
 */
const sharedKeyAuth = /(SharedKey(?:Lite)? [A-Za-z0-9-]+):([A-Za-z0-9+/=]+)/g;
const bearerToken = /(Bearer) ([A-Za-z0-9._~+/=-]{20,})/g;

/** Returns `text` with every secret value replaced by `***`. */
export function redact(text: string): string {
  const mask = (_match: string, lead: string, key: string) => `${lead}${key}=${redactedMark}`;
  return text
    .replace(sasSignature, mask)
    .replace(encodedSasSignature, (_match: string, lead: string, key: string) => `${lead}${key}%3D${redactedMark}`)
    .replace(secretPattern, mask)
    .replace(sharedKeyAuth, `$1:${redactedMark}`)
    .replace(bearerToken, `$1 ${redactedMark}`);
}
