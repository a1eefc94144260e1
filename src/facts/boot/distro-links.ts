import type { GuestFs } from '../../guest/guest-fs.js';
import type { BootEntry } from './types.js';
import { kernelVersionFromName } from './boot-paths.js';

/**
 * The links distributions keep to the newest kernel and its initrd: Debian and Ubuntu
 * (/vmlinuz, /initrd.img, or the same under /boot), SUSE (/boot/vmlinuz, /boot/initrd).
 * They are what a hand-written boot config points at, and what an image without any boot
 * menu would be booted with.
 */
const LINK_PAIRS: readonly (readonly [kernel: string, initrd: string])[] = [
  ['/boot/vmlinuz', '/boot/initrd.img'],
  ['/vmlinuz', '/initrd.img'],
  ['/boot/vmlinuz', '/boot/initrd'],
];

export async function distroLinkEntries(guest: GuestFs): Promise<BootEntry[]> {
  const entries: BootEntry[] = [];
  for (const [kernelLink, initrdLink] of LINK_PAIRS) {
    const kernel = await guest.realpath(kernelLink);
    if (kernel === undefined || entries.some((e) => e.kernel === kernel)) continue;
    const initrd = await guest.realpath(initrdLink);
    const initrds = initrd === undefined ? [] : [initrd];
    entries.push({ source: 'link', path: kernelLink, label: `link ${kernelLink}`, kernel, initrds, version: kernelVersionFromName(kernel), args: [] });
  }
  return entries;
}
