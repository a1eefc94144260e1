import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import type { BootEntry, BootFacts } from '../../../src/facts/boot/types.js';
import { parseKernelArgs } from '../../../src/facts/kernel-cmdline/args.js';
import type { MemoryTree } from '../../../src/fs/memory/memory-fs.js';

/** The Debian 12 cloud kernel release the real lists come from. */
export const DEBIAN_CLOUD_VERSION = '6.1.0-57-cloud-amd64';
const dir = new URL('./debian12-cloud/', import.meta.url);

const text = (name: string): string => {
  const bytes = readFileSync(new URL(name, dir));
  return (name.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8');
};

/** The real modules.builtin, modules.dep and /boot/config of Debian 12's cloud kernel. */
export const debianCloudLists = {
  builtin: text('modules.builtin'),
  dep: text('modules.dep.gz'),
  config: text(`config-${DEBIAN_CLOUD_VERSION}.gz`),
};

/** The module files (by path under /lib/modules/<version>/) that modules.dep lists for these names, with placeholder content. */
export function moduleFiles(version: string, dep: string, names: readonly string[]): MemoryTree {
  const tree: MemoryTree = {};
  for (const line of dep.split('\n')) {
    const path = line.slice(0, line.indexOf(':'));
    const base = path.slice(path.lastIndexOf('/') + 1).replace(/\.ko.*$/, '').replace(/-/g, '_');
    if (names.includes(base)) tree[`/lib/modules/${version}/${path}`] = `\x7fELF module ${base}`;
  }
  return tree;
}

/**
 * A guest with Debian 12's cloud kernel: /boot/vmlinuz-<v>, /boot/config-<v>, the real lists in
 * /lib/modules/<v>, and module files for `modules` (default: what a Hyper-V boot needs, udf and the VF drivers).
 */
export function debianCloudKernel(
  modules: readonly string[] = ['hv_vmbus', 'hv_storvsc', 'hv_netvsc', 'scsi_mod', 'scsi_common', 'scsi_transport_fc', 'sd_mod', 'udf', 'cdrom', 'crc_itu_t', 'pci_hyperv', 'pci_hyperv_intf', 'mana', 'mlx4_core', 'mlx4_en', 'mlx5_core', 'mlxfw', 'dm_mod', 'xfs'],
): MemoryTree {
  const v = DEBIAN_CLOUD_VERSION;
  return {
    [`/boot/vmlinuz-${v}`]: 'kernel',
    [`/boot/initrd.img-${v}`]: 'initrd',
    [`/boot/config-${v}`]: debianCloudLists.config,
    [`/lib/modules/${v}/modules.builtin`]: debianCloudLists.builtin,
    [`/lib/modules/${v}/modules.dep`]: debianCloudLists.dep,
    ...moduleFiles(v, debianCloudLists.dep, modules),
  };
}

/** Boot facts whose default entry boots `kernel` (release `version`, when given) with `args`. */
export function bootFacts(kernel: string, version?: string, args = 'root=UUID=1 ro console=ttyS0', others: BootEntry[] = []): BootFacts {
  const entry: BootEntry = {
    source: 'grub-cfg',
    path: '/boot/grub/grub.cfg',
    line: 20,
    label: "menuentry 'Debian GNU/Linux'",
    kernel,
    initrds: [kernel.replace('vmlinuz', 'initrd.img')],
    ...(version ? { version } : {}),
    args: parseKernelArgs(args),
  };
  return { entries: [entry, ...others], default: entry, defaultReason: 'set default="0"' };
}
