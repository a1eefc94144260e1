import type { InitramfsBuilder } from './builder-config.js';
import type { ModuleDisable } from './modprobe.js';
import type { DriverRole } from './names.js';

export type { InitramfsBuilder, BuilderSetting, InitramfsTool } from './builder-config.js';
export type { ModuleDisable, DisableKind } from './modprobe.js';

/** The kernel the default boot entry starts, and how its release was found. */
export interface DefaultKernel {
  /** Kernel release as `uname -r` prints it: the /lib/modules/<version> directory name. */
  version: string;
  /** Why this release: "boot entry version", "kernel file name /boot/vmlinuz-6.1.0-13-cloud-amd64", "the only directory in /lib/modules". */
  versionFrom: string;
  /** Kernel image guest path, when a boot entry names it. */
  kernel?: string;
  /** initrd guest paths of the default entry (empty: the kernel boots without one). */
  initrds: string[];
  /** The default entry's label, when one was found. */
  entry?: string;
}

/** Another kernel the image can boot: listed for the report, not judged. */
export interface OtherKernel {
  label: string;
  kernel: string;
  version?: string;
  initrds: string[];
}

/** Where a driver of the booted kernel comes from, once the root filesystem is mounted. */
export type DriverState = 'built-in' | 'module' | 'absent';

/** One driver the rules ask about, as the image's /lib/modules/<version> and /boot/config say. */
export interface KernelDriver {
  /** Module name, underscore form (hv_vmbus, dm_mod, pci_hyperv). */
  name: string;
  role: DriverRole;
  state: DriverState;
  /** The Kconfig option and its value in /boot/config-<version>, when that file has it. */
  config?: { option: string; value: string; path: string; line: number };
  /** The modules.builtin line that lists it (built into the kernel image). */
  builtIn?: { path: string; line: number };
  /** The module file (guest path), its dependencies from modules.dep, and those whose file is not in the image (modprobe then fails). */
  module?: { path: string; deps: string[]; missingDeps: string[] };
  /** modprobe.d directives and kernel arguments that keep it from loading. */
  disabledBy: ModuleDisable[];
}

/** The booted kernel's drivers as the image holds them (after the root filesystem is mounted). */
export interface KernelDriversFacts {
  /** The default kernel; undefined when none could be identified (see `notJudged`). */
  kernel?: DefaultKernel;
  /** Why no kernel could be judged, when `kernel` is undefined. */
  notJudged?: string;
  /** Guest path of /lib/modules/<version> (or /usr/lib/modules/<version>); undefined when the image has none for that kernel. */
  modulesDir?: string;
  /** Files read: modules.builtin, modules.dep (or the module tree walked when there is none), /boot/config-<version>. */
  sources: {
    builtin?: { path: string; modules: number };
    modulesDep?: { path: string; modules: number };
    walked?: { path: string; modules: number };
    config?: { path: string };
  };
  /** The drivers the rules judge, by name (DRIVERS_OF_INTEREST). */
  drivers: Record<string, KernelDriver>;
  /** modprobe.d files read (in the order kmod reads them) and every module they disable. */
  modprobe: { files: string[]; disables: ModuleDisable[] };
  /** Installed initramfs builders and their driver configuration (for the fix, and the next rebuild). */
  builders: InitramfsBuilder[];
  /** Non-default kernels: listed, not judged. */
  otherKernels: OtherKernel[];
  /** What was odd while reading (a module listed in modules.dep whose file is missing). */
  notes: string[];
}
