import type { GuestFs } from '../../guest/guest-fs.js';

/**
 * Turns a path as GRUB or a BLS entry writes it into a guest path. Those paths are relative
 * to the filesystem the boot loader reads: "/vmlinuz-6.1" is "/boot/vmlinuz-6.1" when /boot
 * is its own filesystem. A device prefix (`(hd0,gpt2)/vmlinuz`, `($root)/…`) is dropped.
 * Where both readings could apply the one that exists wins; else the mount layout decides.
 */
export async function bootLoaderPathToGuest(guest: GuestFs, loaderPath: string): Promise<string> {
  const path = loaderPath.replace(/^\([^)]*\)/, '') || '/';
  const absolute = path.startsWith('/') ? path : `/${path}`;
  const bootIsSeparate = guest.list().some((m) => m.mountPoint === '/boot');
  const underBoot = absolute.startsWith('/boot/') ? absolute : `/boot${absolute}`;
  const candidates = bootIsSeparate ? [underBoot, absolute] : [absolute, underBoot];
  for (const candidate of candidates) if (await guest.exists(candidate)) return candidate;
  return candidates[0]!;
}

/** The kernel release in a kernel or initrd file name: vmlinuz-6.1.0-25-cloud-amd64 -> 6.1.0-25-cloud-amd64. */
export function kernelVersionFromName(path: string): string | undefined {
  const base = path.split('/').pop() ?? '';
  const m = /^(?:vmlinuz|vmlinux|bzImage|Image|kernel|zImage)-(.+)$/.exec(base);
  return m?.[1];
}
