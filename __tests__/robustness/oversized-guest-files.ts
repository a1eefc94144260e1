import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

/**
 * __tests__/fixtures/oversized/oversized-identity.vhd.gz (scripts/fixtures/oversized.sh): the
 * generalized-good.vhd guest (fixed VHD), which passes G/V2, with /etc/passwd grown to 200 MB, /etc/shadow
 * to 1 GiB (sparse) and /boot/grub/grub.cfg to 100 MB by debugfs, first lines kept.
 */
export const OVERSIZED = {
  passwd: { path: '/etc/passwd', size: 200 * 1024 * 1024 },
  shadow: { path: '/etc/shadow', size: 1024 * 1024 * 1024 },
  grubCfg: { path: '/boot/grub/grub.cfg', size: 100 * 1024 * 1024 },
} as const;

/** The image decompressed into a fresh temporary directory (64 MiB). */
export function oversizedImage(): string {
  const gz = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/oversized/oversized-identity.vhd.gz');
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'vhd-gate-oversized-')), 'oversized-identity.vhd');
  writeFileSync(file, gunzipSync(readFileSync(gz)));
  return file;
}
