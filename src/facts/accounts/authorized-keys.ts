/**
 * authorized_keys (sshd(8) AUTHORIZED_KEYS FILE FORMAT): one key per line,
 * `[options] keytype base64 [comment]`; options are comma-separated and may hold quoted
 * spaces. Only the key types are kept; key material and comments are not.
 */

/** What an authorized_keys file grants, without the keys. */
export interface AuthorizedKeysSummary {
  /** Number of key lines sshd would accept. */
  keys: number;
  /** Key type of each accepted line, in file order (ssh-ed25519, ssh-rsa, ...). */
  types: string[];
  /** Lines that are neither comments nor recognisable keys. */
  invalidLines: number;
}

/** Key types OpenSSH accepts (sshkey.c keytypes), certificates included. */
const KEY_TYPE = /^(ssh-(rsa|dss|ed25519)|ssh-xmss@openssh\.com|ecdsa-sha2-nistp(256|384|521)|sk-(ssh-ed25519|ecdsa-sha2-nistp256)@openssh\.com|[a-z0-9-]+-cert-v01@openssh\.com)$/;

/** Splits on whitespace outside double quotes (option values like command="a b"). */
function tokens(line: string): string[] {
  // Most lines quote nothing: split them at once (files can be megabytes, a character loop is slow).
  if (!line.includes('"')) return line.split(/\s+/).filter((t) => t !== '');
  const out: string[] = [];
  let current = '';
  let quoted = false;
  for (const c of line) {
    if (c === '"') quoted = !quoted;
    if (!quoted && /\s/.test(c)) {
      if (current !== '') out.push(current);
      current = '';
    } else current += c;
  }
  if (current !== '') out.push(current);
  return out;
}

/** Summarises authorized_keys text: the type is the first or second token (after options). */
export function parseAuthorizedKeys(text: string): AuthorizedKeysSummary {
  const summary: AuthorizedKeysSummary = { keys: 0, types: [], invalidLines: 0 };
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const t = tokens(line);
    const typeIndex = KEY_TYPE.test(t[0]!) ? 0 : t[1] !== undefined && KEY_TYPE.test(t[1]) ? 1 : -1;
    // A key needs its base64 blob after the type.
    if (typeIndex < 0 || !/^[A-Za-z0-9+/]+=*$/.test(t[typeIndex + 1] ?? '')) {
      summary.invalidLines++;
      continue;
    }
    summary.keys++;
    summary.types.push(t[typeIndex]!);
  }
  return summary;
}

/**
 * Expands one AuthorizedKeysFile pattern for a user (sshd_config(5) TOKENS: %% %h %u %U);
 * a relative result is relative to the home directory. Undefined for `none` or unknown tokens.
 */
export function expandAuthorizedKeysPath(pattern: string, user: { name: string; uid: number; home: string }): string | undefined {
  if (pattern.toLowerCase() === 'none') return undefined;
  let unknown = false;
  const expanded = pattern.replace(/%(.)/g, (_, c: string) => {
    if (c === '%') return '%';
    if (c === 'h') return user.home;
    if (c === 'u') return user.name;
    if (c === 'U') return String(user.uid);
    unknown = true;
    return '';
  });
  if (unknown) return undefined;
  if (expanded.startsWith('/')) return expanded;
  return `${user.home.replace(/\/+$/, '')}/${expanded}`;
}
