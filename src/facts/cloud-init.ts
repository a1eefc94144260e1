import { joinPath, type GuestFs } from '../guest/guest-fs.js';
import { readCloudConfig, type CloudConfigFile, type ConfigOrigin } from './cloud-init/config.js';
import { dsIdentifyView, type DsIdentifyView } from './cloud-init/ds-identify.js';
import { describeSource, type KernelCmdlineFacts } from './kernel-cmdline.js';
import { findPythonPackage, firstFile, pythonStringConstant } from './python-package.js';
import { isEnabledAtBoot, unitState, type BootReachability, type UnitState } from './systemd.js';
import { excerptOf } from './excerpt.js';

export { mergeConfig, loadConfigText, type CloudConfigFile, type ConfigOrigin } from './cloud-init/config.js';
export { grepDatasourceList, parseYamlArray, type DsIdentifyView, type DsIdentifyMatch } from './cloud-init/ds-identify.js';

/** cloud-init's units across versions (cloud-init-main/-network since 24.x). */
export const CLOUD_INIT_UNITS = [
  'cloud-init-local.service',
  'cloud-init-main.service',
  'cloud-init-network.service',
  'cloud-init.service',
  'cloud-config.service',
  'cloud-final.service',
  'cloud-init.target',
] as const;
/** Units whose masking stops provisioning (the stages that fetch metadata and report Ready). */
const ESSENTIAL_UNITS = ['cloud-init-local.service', 'cloud-init-main.service', 'cloud-init-network.service', 'cloud-init.service', 'cloud-init.target'];
/** Where the cloud-init systemd generator is installed. */
export const CLOUD_INIT_GENERATORS = [
  '/usr/lib/systemd/system-generators/cloud-init-generator',
  '/lib/systemd/system-generators/cloud-init-generator',
  '/etc/systemd/system-generators/cloud-init-generator',
] as const;
export const CLOUD_INIT_DISABLED_FILE = '/etc/cloud/cloud-init.disabled';
/** Ubuntu installer (subiquity/curtin) drop-ins that Azure's Ubuntu guide says to delete. */
export const INSTALLER_LEFTOVERS = ['99-installer.cfg', 'subiquity-disable-cloudinit-networking.cfg', '50-curtin-networking.cfg', 'curtin-preserve-sources.cfg'] as const;

/** Something that stops cloud-init from running at boot. */
export interface CloudInitDisabler {
  kind: 'disabled-file' | 'kernel-cmdline' | 'masked';
  /** Guest path (the marker, the cmdline source, the masking link). */
  path: string;
  line?: number;
  excerpt?: string;
  /** One-line explanation. */
  detail: string;
}

/** Everything the gate knows about cloud-init in the guest. Summary fields come first (reports print in this order). */
export interface CloudInitFacts {
  /** /usr/bin/cloud-init or the cloudinit Python package is present. */
  installed: boolean;
  /** cloudinit/version.py `__VERSION__` (or a filled-in `_PACKAGED_VERSION`), with path and line. */
  version?: { value: string; path: string; line: number };
  /** Installed, not disabled, and started at boot. */
  enabled: boolean;
  /** What disables cloud-init: the marker file, `cloud-init=disabled` on the kernel command line, masked units. */
  disabledBy: CloudInitDisabler[];
  /** waagent's own test (`systemctl is-enabled cloud-init-local.service` prints `enabled`): decides `Provisioning.Agent=auto`. */
  waagentSeesEnabled: boolean;
  /** Effective datasource_list, as cloud-init merges it and as ds-identify greps it. */
  datasource: {
    /** The merged `datasource_list`, or undefined when unset (cloud-init's built-in list, which includes Azure). */
    cloudInit?: string[];
    /** Where the merged value was set. */
    cloudInitOrigin?: ConfigOrigin;
    /** A merged value that is not a list (e.g. a single string): recorded as found. */
    cloudInitRaw?: unknown;
    /** Azure is in cloud-init's list (or the list is unset). */
    azureInCloudInit: boolean;
    /** Azure is in ds-identify's list. */
    azureInDsIdentify: boolean;
    /** The two views name different datasources or orders. */
    differ: boolean;
    /** ds-identify's list and how it got it. */
    dsIdentify: DsIdentifyView;
  };
  /** Where network configuration is disabled: `network: {config: disabled}` (merged origin) or a *disable-network* drop-in. */
  networkConfigDisabled: ConfigOrigin[];
  /** NoCloud seed directories with content under /var/lib/cloud/seed. */
  staleSeeds: { path: string; files: string[] }[];
  /** Installer drop-ins present in /etc/cloud/cloud.cfg.d. */
  installerLeftovers: string[];
  /** `manual_cache_clean` (merged) and whether a cached instance exists to be trusted. */
  manualCacheClean: { value: boolean; origin?: ConfigOrigin; instanceDirPresent: boolean };
  /** /var/lib/cloud/data/reported_ready (stale pre-provisioning marker). */
  reportedReady: { path: string; present: boolean };
  /** Config files read in merge order; those with `loaded: false` are ignored by cloud-init. */
  configFiles: CloudConfigFile[];
  /** The systemd generator, if installed (it links cloud-init.target into multi-user.target at boot). */
  generator?: string;
  /** The unit state behind waagentSeesEnabled. */
  localUnit: UnitState;
  /** Whether cloud-init-local.service starts at boot (generator emulated when not disabled), with the chain. */
  boot: BootReachability;
  /** State of each cloud-init unit that exists (or is masked). */
  units: UnitState[];
  /** Entry points found. */
  binaries: string[];
  /** Directories of the cloudinit Python package. */
  packageDirs: string[];
}

async function version(guest: GuestFs, packageDirs: string[]): Promise<CloudInitFacts['version']> {
  for (const dir of packageDirs) {
    const path = joinPath(dir, 'version.py');
    const text = await guest.readText(path);
    if (text === undefined) continue;
    const packaged = pythonStringConstant(text, '_PACKAGED_VERSION');
    if (packaged && !packaged.value.startsWith('@@')) return { value: packaged.value, path, line: packaged.line };
    const plain = pythonStringConstant(text, '__VERSION__');
    if (plain) return { value: plain.value, path, line: plain.line };
  }
  return undefined;
}

function kernelDisablers(kernel: KernelCmdlineFacts | undefined): CloudInitDisabler[] {
  return (kernel?.flags.cloudInitDisabled ?? []).flatMap((arg) =>
    arg.sources.map((source) => ({
      kind: 'kernel-cmdline' as const,
      path: source.path,
      line: source.line,
      excerpt: excerptOf(arg.raw),
      detail: `kernel command line has ${excerptOf(arg.raw)} (${source.label}, ${describeSource(source)})`,
    })),
  );
}

async function staleSeeds(guest: GuestFs): Promise<CloudInitFacts['staleSeeds']> {
  const seeds: CloudInitFacts['staleSeeds'] = [];
  for (const dir of await guest.glob('/var/lib/cloud/seed', 'nocloud*')) {
    const files = ((await guest.readdir(dir)) ?? []).map((e) => e.name);
    if (files.length > 0) seeds.push({ path: dir, files });
  }
  return seeds;
}

function sameList(a: string[] | undefined, b: string[]): boolean {
  return a !== undefined && a.length === b.length && a.every((x, i) => x === b[i]);
}

/** Collects cloud-init presence, enablement, boot reachability and effective configuration. */
export async function collectCloudInit(guest: GuestFs, kernel?: KernelCmdlineFacts): Promise<CloudInitFacts> {
  const binaries: string[] = [];
  for (const path of ['/usr/bin/cloud-init', '/usr/local/bin/cloud-init']) if (await firstFile(guest, [path])) binaries.push(path);
  const packageDirs = await findPythonPackage(guest, 'cloudinit');

  const units: UnitState[] = [];
  for (const name of CLOUD_INIT_UNITS) {
    const state = await unitState(guest, name);
    if (state.state !== 'absent') units.push(state);
  }
  const disabledBy: CloudInitDisabler[] = [];
  if ((await guest.stat(CLOUD_INIT_DISABLED_FILE))?.node.type === 'file') {
    disabledBy.push({ kind: 'disabled-file', path: CLOUD_INIT_DISABLED_FILE, detail: `${CLOUD_INIT_DISABLED_FILE} exists` });
  }
  disabledBy.push(...kernelDisablers(kernel));
  for (const unit of units.filter((u) => u.state === 'masked' && ESSENTIAL_UNITS.includes(u.name))) {
    disabledBy.push({ kind: 'masked', path: unit.maskedBy!, detail: `${unit.name} is masked (${unit.maskedBy} → /dev/null)` });
  }

  const generator = await firstFile(guest, CLOUD_INIT_GENERATORS);
  // The generator links cloud-init.target into multi-user.target unless the marker file or the kernel disable it.
  const generatorEnables = generator !== undefined && !disabledBy.some((d) => d.kind !== 'masked');
  const boot = await isEnabledAtBoot(guest, 'cloud-init-local.service', {
    generatedWants: generatorEnables ? [{ from: 'multi-user.target', to: 'cloud-init.target', why: `${generator} (at boot)` }] : [],
  });
  const localUnit = await unitState(guest, 'cloud-init-local.service');
  const installed = binaries.length > 0 || packageDirs.length > 0;

  const config = await readCloudConfig(guest);
  const rawList = config.merged.datasource_list;
  const cloudInitList = Array.isArray(rawList) ? rawList.map((v) => String(v)) : undefined;
  const dsIdentify = await dsIdentifyView(guest, kernel?.flags.ciDs.at(-1)?.value);
  const networkConfigDisabled: ConfigOrigin[] = [];
  const network = config.merged.network as { config?: unknown } | undefined;
  if (network && typeof network === 'object' && network.config === 'disabled') {
    const origin = config.originOf(['network', 'config']);
    if (origin) networkConfigDisabled.push(origin);
  }
  for (const path of await guest.glob('/etc/cloud/cloud.cfg.d', '*disable-network*')) {
    if (!networkConfigDisabled.some((o) => o.path === path)) networkConfigDisabled.push({ path, line: 1, excerpt: '' });
  }
  const installerLeftovers: string[] = [];
  for (const name of INSTALLER_LEFTOVERS) {
    const path = `/etc/cloud/cloud.cfg.d/${name}`;
    if (await guest.exists(path)) installerLeftovers.push(path);
  }
  const reportedReadyPath = '/var/lib/cloud/data/reported_ready';

  const ds = {
    cloudInit: cloudInitList,
    cloudInitOrigin: rawList === undefined ? undefined : config.originOf(['datasource_list']),
    ...(rawList !== undefined && cloudInitList === undefined ? { cloudInitRaw: rawList } : {}),
    azureInCloudInit: rawList === undefined || (cloudInitList?.includes('Azure') ?? false),
    azureInDsIdentify: dsIdentify.list.includes('Azure'),
    differ: rawList === undefined ? dsIdentify.source !== 'default' : !sameList(cloudInitList, dsIdentify.list),
    dsIdentify,
  };
  return {
    installed,
    version: await version(guest, packageDirs),
    enabled: installed && disabledBy.length === 0 && boot.atBoot,
    disabledBy,
    waagentSeesEnabled: localUnit.state === 'enabled',
    datasource: ds,
    networkConfigDisabled,
    staleSeeds: await staleSeeds(guest),
    installerLeftovers,
    manualCacheClean: {
      value: config.merged.manual_cache_clean === true,
      origin: config.merged.manual_cache_clean === undefined ? undefined : config.originOf(['manual_cache_clean']),
      instanceDirPresent: (await guest.lstat('/var/lib/cloud/instance')) !== undefined,
    },
    reportedReady: { path: reportedReadyPath, present: await guest.exists(reportedReadyPath) },
    configFiles: config.files,
    generator,
    localUnit,
    boot,
    units,
    binaries,
    packageDirs,
  };
}
