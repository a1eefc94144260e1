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

/** Returns `text` with every secret value replaced by `***`. */
export function redact(text: string): string {
  const mask = (_match: string, lead: string, key: string) => `${lead}${key}=${redactedMark}`;
  return text.replace(sasSignature, mask).replace(secretPattern, mask);
}
