/**
 * What counts as a secret in guest content, for the excerpt allow-list (facts/excerpt.ts) and
 * for the last pass over the facts a JSON report dumps (report/json.ts): key names that hold
 * passwords and keys, and values that are secrets by their shape whatever key they sit under.
 */

/** What a hidden value is shown as. */
export const hiddenValue = '<hidden>';

/**
 * Settings whose names contain a secret word but hold none: the rules quote them (waagent's
 * Provisioning.DeleteRootPassword, sshd's PasswordAuthentication, cloud-init's ssh_pwauth).
 */
const notSecretKeys = new Set(
  [
    'Provisioning.DeleteRootPassword', 'Provisioning.PasswordCryptId', 'Provisioning.PasswordCryptSaltLength',
    'Provisioning.RegenerateSshHostKeyPair', 'Provisioning.SshHostKeyPairType', 'Provisioning.DecodeCustomData',
    'Provisioning.ExecuteCustomData', 'PasswordAuthentication', 'PubkeyAuthentication', 'KbdInteractiveAuthentication',
    'PermitEmptyPasswords', 'AuthorizedKeysFile', 'HostKey', 'HostKeyAlgorithms', 'ssh_pwauth', 'ssh_deletekeys', 'ssh_genkeytypes',
    'key-mgmt', 'key-management',
  ].map((k) => k.toLowerCase()),
);

/** Words in a key name that mean its value is a secret (password, passwd, psk, wep-key0, private-key-password, ...). */
const secretKeyWord = /pass|psk|secret|token|wep|private|credential|hash|pin$|key|customdata/i;

/** True when a key (`psk`, `plain_text_passwd`, `WPA_PSK`, `UserPassword`) names a secret. */
export function isSecretKey(key: string): boolean {
  const k = key.trim().replace(/^["']|["']$/g, '');
  return secretKeyWord.test(k) && !notSecretKeys.has(k.toLowerCase());
}

/** Values that are secrets by their shape. */
const secretShapes = [
  /\$(1|2[abxy]?|5|6|7|y|gy|sha1|md5)\$[^\s$:]*\$[^\s:"',;]*/, // crypt(3) hashes (md5, bcrypt, sha256/512, yescrypt), to the hash's end
  /-----BEGIN [A-Z0-9 ]*-----/, // PEM and OpenSSH keys, certificates
  // base64 blobs (key bodies, tokens, custom data): 40+ characters with a digit and both cases, unlike a path
  /(?=[A-Za-z0-9+/]*\d)(?=[A-Za-z0-9+/]*[A-Z])(?=[A-Za-z0-9+/]*[a-z])[A-Za-z0-9+/]{40,}={0,2}/,
  /\b[0-9a-f]{64}\b/i, // raw 256-bit hex keys (wpa_passphrase psk=)
];

/** True when a value looks like a secret by itself. */
export function looksSecret(value: string): boolean {
  return secretShapes.some((shape) => shape.test(value));
}

/** `scheme://user:password@host`: the password part. */
const urlPassword = /(\b[a-z][a-z0-9+.-]*:\/\/[^/\s:@]*:)[^@\s/]+@/gi;
/** `name=value`, `name: value`, `name value` pairs inside free text, for secret names. */
const namedValue = /([\w.{}-]+)(\s*(?:=|:\s)\s*)("[^"]*"|'[^']*'|[^\s,;&{}[\]]+)/g;

/**
 * Free text from the image (a kernel command line, a setting's value) with secrets masked: a
 * URL's password, values of secret-named keys, and secret-shaped runs. For facts that keep text
 * as the image has it; evidence excerpts go through the stricter allow-list of excerpt.ts.
 */
export function maskSecrets(text: string): string {
  let masked = text.replace(urlPassword, `$1${hiddenValue}@`);
  masked = masked.replace(namedValue, (whole, key: string, sep: string) => (isSecretKey(key) ? `${key}${sep}${hiddenValue}` : whole));
  for (const shape of secretShapes) masked = masked.replace(new RegExp(shape.source, 'gi'), hiddenValue);
  return masked;
}
