import type { KernelArg } from '../kernel-cmdline/args.js';

/**
 * What the image boots: every kernel it can start and the one it starts by default.
 * Shared by the kernel command-line rules, the initramfs/driver readers (which initramfs
 * to open, which /lib/modules/<version> to read) and the Secure Boot chain check (which
 * kernel image must be signed). The collector is src/facts/boot.ts.
 */

/** Where a boot entry was found. */
export type BootEntrySource = 'grub-cfg' | 'bls' | 'link';

/** One kernel the image can boot: a GRUB menuentry, a BLS entry, or a distro link such as /boot/vmlinuz. */
export interface BootEntry {
  source: BootEntrySource;
  /** Guest path of what defines it: the grub.cfg, the BLS .conf, or the link itself. */
  path: string;
  /** 1-based line of the linux command / BLS `linux` key, when there is one. */
  line?: number;
  /** "menuentry 'Debian GNU/Linux'", "BLS entry 'Rocky Linux (5.14.0-427.el9.x86_64)'", "link /boot/vmlinuz". */
  label: string;
  /**
   * Kernel image as a guest path. GRUB and BLS paths are relative to the filesystem GRUB
   * reads them from; when /boot is its own filesystem "/vmlinuz-6.1" is "/boot/vmlinuz-6.1" here.
   */
  kernel: string;
  /** initrd images as guest paths, in load order (an early-microcode image first, when listed separately). */
  initrds: string[];
  /** Kernel release as `uname -r` prints it, from the file name or the BLS `version` key. */
  version?: string;
  /** The entry's kernel arguments ($kernelopts and grub variables expanded where they are known). */
  args: KernelArg[];
}

/** Every boot entry and the default one, with the reason it is the default. */
export interface BootFacts {
  entries: BootEntry[];
  /** The entry that boots when nobody touches the console; undefined when none was found. */
  default?: BootEntry;
  /** Why that one, for the report: "set default=\"0\" in /boot/grub/grub.cfg line 20", "saved_entry in /boot/grub2/grubenv", "only entry". */
  defaultReason?: string;
}
