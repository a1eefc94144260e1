import type { InitramfsFacts, EarlyDriver } from '../../facts/initramfs.js';
import type { InitramfsBuilder, KernelDriversFacts } from '../../facts/kernel-drivers.js';
import type { Evidence } from '../types.js';
import { describeDisable, disableEvidence } from './shared.js';

/** Drivers the kernel must have before the root filesystem is mounted, judged against the initramfs (KRN-HV-DRIVERS, NVME-INITRAMFS). */

/** The driver is there before root is mounted and can load. */
export function earlyOk(d: EarlyDriver | undefined): boolean {
  return !!d && (d.state === 'built-in' || (d.state === 'initramfs' && d.missingDeps.length === 0 && d.disabledBy.length === 0));
}

/** Where the default initramfs is, in words. */
export function initramfsName(kd: KernelDriversFacts, ir: InitramfsFacts): string {
  const paths = ir.images.map((i) => i.path);
  if (paths.length > 0) return paths.join(' + ');
  if (ir.missing.length > 0) return `${ir.missing.join(' + ')} (not in the image)`;
  return kd.kernel?.initrds.length ? kd.kernel.initrds.join(' + ') : 'no initramfs (the entry boots without one)';
}

/** Why one driver is not usable before root mount, and where its module would have to be. */
export function earlyProblem(name: string, kd: KernelDriversFacts, ir: InitramfsFacts): string {
  const d = ir.drivers[name];
  if (d?.state === 'initramfs' && d.disabledBy.length > 0) return `${name} is in the initramfs but disabled by ${d.disabledBy.map(describeDisable).join(' and ')}`;
  if (d?.state === 'initramfs') return `${name} is in the initramfs but needs ${d.missingDeps.join(', ')}, which ${d.missingDeps.length === 1 ? 'is' : 'are'} not`;
  const onDisk = kd.drivers[name]?.module;
  const rel = onDisk && kd.modulesDir && onDisk.path.startsWith(`${kd.modulesDir}/`) ? onDisk.path.slice(kd.modulesDir.length + 1) : undefined;
  const dir = ir.moduleDir ?? `usr/lib/modules/${kd.kernel!.version}`;
  return onDisk ? `${name} (only on disk at ${onDisk.path}; it would have to be at ${dir}/${rel ?? `.../${name}.ko`} in the initramfs)` : `${name} (not built in, not in the initramfs, not in the image at all)`;
}

/** Evidence: the initramfs images, the module on disk, disabling directives. */
export function earlyEvidence(names: readonly string[], kd: KernelDriversFacts, ir: InitramfsFacts): Evidence[] {
  const out: Evidence[] = ir.images.map((i) => ({
    path: i.path,
    detail: `${i.archives.map((a) => `${a.compression} (${a.entries} entries)`).join(' + ')}; ${ir.moduleDir ? `${ir.moduleCount} modules in ${ir.moduleDir}` : `no module directory for ${kd.kernel!.version}${ir.moduleVersions.length ? ` (modules for ${ir.moduleVersions.join(', ')})` : ''}`}`,
  }));
  for (const path of ir.missing) out.push({ path, detail: 'named by the default boot entry, not in the image' });
  for (const name of names) {
    const onDisk = kd.drivers[name]?.module;
    if (onDisk) out.push({ path: onDisk.path, detail: `${name} module on disk, loadable only after the root filesystem is mounted` });
    for (const d of ir.drivers[name]?.disabledBy ?? []) out.push(disableEvidence(d));
  }
  if (out.length === 0) out.push({ detail: initramfsName(kd, ir) });
  return out;
}

/** The distro's way to put drivers into the initramfs, from the builder the image has. */
export function initramfsFix(names: readonly string[], kd: KernelDriversFacts): string {
  const list = names.join(' ');
  const version = kd.kernel?.version ?? '<version>';
  const tips: string[] = [];
  const byTool = (b: InitramfsBuilder): string => {
    if (b.tool === 'dracut') {
      const extra: string[] = [];
      if (b.hostOnly?.value) extra.push(`or build a generic image with \`hostonly="no"\` (now ${b.hostOnly.because})`);
      const omits = b.omits.filter((o) => names.includes(o.module));
      if (omits.length) extra.push(`remove ${omits.map((o) => `${o.module} from omit_drivers (${o.path} line ${o.line})`).join(', ')}`);
      return `dracut: write \`add_drivers+=" ${list} "\` to /etc/dracut.conf.d/azure.conf and run \`dracut -f --kver ${version}\`${extra.length ? `; ${extra.join('; ')}` : ''}`;
    }
    const dep = b.hostOnly?.value ? ` (and set MODULES=most: ${b.hostOnly.because})` : '';
    return `initramfs-tools: add ${names.join(', ')} to /etc/initramfs-tools/modules, one per line${dep}, and run \`update-initramfs -u -k ${version}\``;
  };
  tips.push(...kd.builders.map(byTool));
  if (tips.length === 0) {
    tips.push(`dracut: \`add_drivers+=" ${list} "\` in /etc/dracut.conf.d/azure.conf, then \`dracut -f --kver ${version}\``);
    tips.push(`initramfs-tools: list them in /etc/initramfs-tools/modules, then \`update-initramfs -u -k ${version}\``);
  }
  return `Rebuild the initramfs with the drivers in it, inside the image (chroot) before capturing it — ${tips.join('; ')}.`;
}
