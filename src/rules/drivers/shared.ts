import type { KernelDriver, KernelDriversFacts, ModuleDisable } from '../../facts/kernel-drivers.js';
import type { Evidence, FindingDraft } from '../types.js';

/**
 * What the driver rules (KRN-HV-DRIVERS, KRN-UDF, NVME-INITRAMFS, AN-VF-DRIVER) share: how a
 * driver's state reads in a message, and its evidence.
 */

/** Evidence for a driver: the modules.builtin line, the Kconfig line, the module file. */
export function driverEvidence(driver: KernelDriver): Evidence[] {
  const out: Evidence[] = [];
  if (driver.builtIn) out.push({ path: driver.builtIn.path, line: driver.builtIn.line, detail: `${driver.name} is built into the kernel` });
  if (driver.config) out.push({ path: driver.config.path, line: driver.config.line, excerpt: `${driver.config.option}=${driver.config.value === 'n' ? 'n (not set)' : driver.config.value}` });
  if (driver.module) out.push({ path: driver.module.path, detail: `${driver.name} module` });
  return out;
}

/** Evidence for a directive that disables a module. */
export function disableEvidence(d: ModuleDisable): Evidence {
  const what =
    d.kind === 'blacklist' ? 'blacklist: not loaded by alias (udev modalias, mount -t)' :
    d.kind === 'install' ? 'install: every load runs a command that loads nothing' :
    d.kind === 'alias-off' ? 'alias to "off": the name resolves to no module' :
    d.blocksExplicitLoad ? 'module_blacklist=: the kernel refuses to load it' : 'kernel argument: not loaded by alias';
  return { path: d.path, ...(d.line ? { line: d.line } : {}), excerpt: d.excerpt, detail: what };
}

/** "install udf /bin/false in /etc/modprobe.d/CIS.conf line 2". */
export function describeDisable(d: ModuleDisable): string {
  return `\`${d.excerpt}\` in ${d.path}${d.line ? ` line ${d.line}` : ''}`;
}

/** A driver can be loaded after the root filesystem is mounted: built in, or a module whose dependencies are all there and that nothing disables. */
export function loadable(driver: KernelDriver | undefined): boolean {
  if (!driver) return false;
  if (driver.state === 'built-in') return true;
  return driver.state === 'module' && driver.disabledBy.length === 0 && driver.module!.missingDeps.length === 0;
}

/** Why a driver cannot be loaded, in a few words. */
export function whyNotLoadable(driver: KernelDriver, version: string): string {
  if (driver.state === 'absent') {
    const config = driver.config ? ` (${driver.config.option}=${driver.config.value === 'n' ? 'n' : driver.config.value} in ${driver.config.path})` : '';
    return `${driver.name} is neither built into ${version} nor a module in the image${config}`;
  }
  if (driver.disabledBy.length > 0) return `${driver.name} is disabled by ${driver.disabledBy.map(describeDisable).join(' and ')}`;
  return `${driver.name} needs ${driver.module!.missingDeps.join(', ')}, which ${driver.module!.missingDeps.length === 1 ? 'is' : 'are'} not in the image`;
}

/**
 * The finding a driver rule gives when the image's kernel could not be identified: said, never a
 * silent pass, but as info — an image without a bootable kernel is the boot-entry rules' finding,
 * and every driver rule repeating it as a warning would only bury it.
 */
export function kernelNotIdentified(facts: KernelDriversFacts, what: string): FindingDraft {
  return {
    severity: 'info',
    message: `Could not tell which kernel the image boots, so ${what} was not checked: ${facts.notJudged ?? 'no default kernel'}`,
    evidence: [{ detail: 'boot entries and /lib/modules' }],
  };
}
