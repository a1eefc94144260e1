import { toleratedError, type ErrorRecord } from '../error-record.js';
import type { GuestFs } from '../guest/guest-fs.js';
import type { OpenedGuest } from '../guest/open-guest.js';
import { collectAccounts, type AccountsFacts } from './accounts.js';
import { collectBoot, type BootFacts } from './boot.js';
import { collectBinaries, type BinariesFacts, type EspFiles } from './binaries.js';
import { collectCloudInit, type CloudInitFacts } from './cloud-init.js';
import { fstabFacts, type FstabFacts } from './fstab.js';
import { collectAgentPython, type AgentPythonFacts } from './agent-python.js';
import { collectLvmDevices, type LvmDevicesFacts } from './lvm-devices.js';
import { collectKernelCmdline, type KernelCmdlineFacts } from './kernel-cmdline.js';
import { collectKernelDrivers, type KernelDriversFacts } from './kernel-drivers.js';
import { collectInitramfs, type InitramfsFacts } from './initramfs.js';
import { readInitramfs } from '../initramfs/read-initramfs.js';
import { collectNetwork, type NetworkFacts } from './network/index.js';
import { collectOsRelease, type OsReleaseFacts } from './os-release.js';
import { collectSshd, type SshdFacts } from './sshd.js';
import { collectTraces, type TraceFacts } from './traces.js';
import { collectWaagent, type WaagentFacts } from './waagent.js';

/**
 * Typed facts about the guest, one module per subject. Each collector reads the guest
 * paths it needs and returns plain data; rules never read files themselves.
 * A subject whose collector failed because the image's content could not be read (a corrupt
 * directory, an unreadable file, a budget exceeded) is undefined here and listed in
 * `unavailable` with the error, so the rules that need it are reported as not judged
 * (IMAGE-UNREADABLE). A failing medium is never a subject's problem: it ends the run.
 */
export interface Facts {
  osRelease?: OsReleaseFacts;
  kernelCmdline?: KernelCmdlineFacts;
  waagent?: WaagentFacts;
  cloudInit?: CloudInitFacts;
  accounts?: AccountsFacts;
  sshd?: SshdFacts;
  traces?: TraceFacts;
  network?: NetworkFacts;
  // --- boot chain (issue 8): each subject below is added by its own change ---
  /** Boot menu entries and the default kernel + initrds (src/facts/boot.ts). */
  boot?: BootFacts;
  // kernel drivers and initramfs contents
  /** The default kernel's drivers in the image: built in, modules on disk, modprobe.d (src/facts/kernel-drivers.ts). */
  kernelDrivers?: KernelDriversFacts;
  /** What the default initramfs gives the kernel before the root filesystem is mounted (src/facts/initramfs.ts). */
  initramfs?: InitramfsFacts;
  // binaries: ELF/PE machine types and signatures
  binaries?: BinariesFacts;
  // --- fstab, swap, LVM devices file, agent interpreter (issue 8) ---
  /** /etc/fstab lines resolved against this disk's volumes (from the mount plan). */
  fstab?: FstabFacts;
  /** The provisioning agents' Python interpreters (shebangs) and crypt(3) replacements. */
  agentPython?: AgentPythonFacts;
  /** The LVM devices file (/etc/lvm/devices/system.devices) and lvm.conf's use_devicesfile. */
  lvmDevices?: LvmDevicesFacts;
  /** Subjects that could not be collected, with the error that stopped each. */
  unavailable: UnavailableSubject[];
}

/** A fact subject that could not be collected. */
export interface UnavailableSubject {
  subject: FactSubject;
  error: ErrorRecord;
}

export type FactSubject = Exclude<keyof Facts, 'unavailable'>;

/** What some collectors need from below the guest: the ESP as inspection opened it (read directly, as firmware does). */
export interface FactsContext {
  esp?: EspFiles;
}

/**
 * Collects every subject. Order matters only where a collector reads another's result
 * (cloud-init and network need the kernel command line; network needs cloud-init).
 */
export async function collectFacts(guest: GuestFs, disk?: Pick<OpenedGuest, 'plan' | 'fstab'>, context: FactsContext = {}): Promise<Facts> {
  const facts: Facts = { unavailable: [] };
  const run = async <K extends FactSubject>(subject: K, collect: () => Promise<Facts[K]>): Promise<void> => {
    try {
      facts[subject] = await collect();
    } catch (error) {
      facts.unavailable.push({ subject, error: toleratedError(error) });
    }
  };
  await run('osRelease', () => collectOsRelease(guest));
  await run('kernelCmdline', () => collectKernelCmdline(guest));
  await run('waagent', () => collectWaagent(guest));
  await run('cloudInit', () => collectCloudInit(guest, facts.kernelCmdline));
  await run('accounts', () => collectAccounts(guest));
  await run('sshd', () => collectSshd(guest));
  await run('traces', () => collectTraces(guest, facts.waagent));
  await run('network', () => collectNetwork(guest, { cloudInit: facts.cloudInit, kernelCmdline: facts.kernelCmdline }));
  // --- boot chain (issue 8) ---
  await run('boot', () => collectBoot(guest));

  // kernel drivers and initramfs contents
  await run('kernelDrivers', () => collectKernelDrivers(guest, { boot: facts.boot, kernelCmdline: facts.kernelCmdline }));
  await run('initramfs', () => collectInitramfs(guest, facts.kernelDrivers, readInitramfs));

  // binaries
  await run('binaries', () => collectBinaries(guest, { boot: facts.boot, esp: context.esp }));

  // --- fstab, swap, LVM devices file, agent interpreter (issue 8) ---
  if (disk) {
    const fstab = disk.fstab;
    if (fstab.state === 'unreadable') facts.unavailable.push({ subject: 'fstab', error: fstab.error });
    else facts.fstab = fstabFacts(disk.plan, fstab.state === 'read');
  }
  await run('agentPython', () => collectAgentPython(guest));
  await run('lvmDevices', () => collectLvmDevices(guest));

  return facts;
}
