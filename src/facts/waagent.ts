import { joinPath, type GuestFs } from '../guest/guest-fs.js';
import { findPythonPackage, firstFile, pythonStringConstant } from './python-package.js';
import { isEnabledAtBoot, unitState, type BootReachability, type UnitState } from './systemd.js';
import {
  effectiveSettings,
  parseWaagentConf,
  WAAGENT_DEAD_KEYS,
  type WaagentConf,
  type WaagentConfLine,
  type WaagentEffective,
} from './waagent/conf.js';

export * from './waagent/conf.js';

/** Where the agent reads its configuration. */
export const WAAGENT_CONF_PATH = '/etc/waagent.conf';
/** The agent's entry points. */
export const WAAGENT_BINARIES = ['/usr/sbin/waagent', '/usr/bin/waagent'] as const;
/** Unit names: upstream/RHEL/SUSE, then Debian/Ubuntu. */
export const WAAGENT_UNITS = ['waagent.service', 'walinuxagent.service'] as const;

/** One effective setting as one line of a report: "Provisioning.Agent = cloud-init (/etc/waagent.conf:11)". */
export interface WaagentSettingLine {
  key: string;
  value: string;
  /** "/etc/waagent.conf:11", or "default" (with the rejected value when the line was invalid). */
  from: string;
}

/** Everything the gate knows about the Azure Linux Agent (WALinuxAgent) in the guest. Summary fields come first (reports print in this order). */
export interface WaagentFacts {
  /** True when an entry point or the azurelinuxagent Python package is present. */
  installed: boolean;
  /** AGENT_VERSION from azurelinuxagent/common/version.py, with that file's path and line. */
  version?: { value: string; path: string; line: number };
  /** Convenience: the agent's unit exists and starts at boot. */
  enabled: boolean;
  /** Shortcut for settings['Provisioning.Agent'].value. */
  provisioningAgent: string;
  /** Shortcut for settings['Lib.Dir'].value: where the agent keeps state (markers, ovf-env.xml). */
  libDir: string;
  /** The provisioning sentinel <Lib.Dir>/provisioned: "provisioned anytime it exists". */
  provisionedMarker: { path: string; present: boolean };
  /** Lines setting keys the agent ignores (Provisioning.Enabled, Provisioning.UseCloudInit). */
  deadKeys: WaagentConfLine[];
  /** Settings whose value the agent rejects silently (switches not y/n, non-integers). */
  invalidSettings: WaagentEffective[];
  /** Every evaluated setting, one line each, in WAAGENT_KEYS order: what `inspect` prints. */
  effective: WaagentSettingLine[];
  /** The agent's unit (the first of waagent.service / walinuxagent.service that exists), is-enabled emulated. */
  unit?: UnitState;
  /** Whether that unit starts at boot, and the dependency chain. */
  boot?: BootReachability;
  /** Entry points found (/usr/sbin/waagent, /usr/bin/waagent). */
  binaries: string[];
  /** Directories of the azurelinuxagent Python package. */
  packageDirs: string[];
  /** Auto-updated agents under Lib.Dir (WALinuxAgent-<version> directories). */
  autoUpdateVersions: string[];
  /** /etc/waagent.conf: present or not, its setting lines, and why the agent would refuse it. */
  conf: { path: string; present: boolean; loadError?: string; lines: WaagentConfLine[] };
  /** Effective value of every evaluated key (file line or the agent's default), by key. */
  settings: Record<string, WaagentEffective>;
}

/** One setting for reports. */
function settingLine(setting: WaagentEffective, confPath: string): WaagentSettingLine {
  const at = setting.line ? `${confPath}:${setting.line.line}` : undefined;
  const from = setting.source === 'file' ? at! : setting.invalid ? `default (${at}: ${setting.invalid})` : at ? `default (${at}: None)` : 'default';
  return { key: setting.key, value: String(setting.value), from };
}

async function agentVersion(guest: GuestFs, packageDirs: string[]): Promise<WaagentFacts['version']> {
  for (const dir of packageDirs) {
    const path = joinPath(dir, 'common/version.py');
    const text = await guest.readText(path);
    const found = text === undefined ? undefined : pythonStringConstant(text, 'AGENT_VERSION');
    if (found) return { value: found.value, path, line: found.line };
  }
  return undefined;
}

async function agentUnit(guest: GuestFs): Promise<UnitState | undefined> {
  let first: UnitState | undefined;
  for (const name of WAAGENT_UNITS) {
    const state = await unitState(guest, name);
    if (state.state !== 'absent' && state.state !== 'masked') return state;
    first ??= state.state === 'masked' ? state : undefined;
  }
  return first;
}

/** Collects agent presence, version, unit state and the effective waagent.conf. */
export async function collectWaagent(guest: GuestFs): Promise<WaagentFacts> {
  const binaries: string[] = [];
  for (const path of WAAGENT_BINARIES) if (await firstFile(guest, [path])) binaries.push(path);
  const packageDirs = await findPythonPackage(guest, 'azurelinuxagent');

  const text = await guest.readText(WAAGENT_CONF_PATH);
  const parsed: WaagentConf = text === undefined ? { lines: [], byKey: {} } : parseWaagentConf(text);
  const settings = effectiveSettings(parsed);
  const libDir = String(settings['Lib.Dir']!.value);

  const unit = await agentUnit(guest);
  const boot = unit ? await isEnabledAtBoot(guest, unit.name) : undefined;
  const markerPath = joinPath(libDir, 'provisioned');
  const autoUpdateVersions = (await guest.glob(libDir, 'WALinuxAgent-*')).map((p) => p.slice(p.lastIndexOf('WALinuxAgent-') + 13));

  return {
    installed: binaries.length > 0 || packageDirs.length > 0,
    version: await agentVersion(guest, packageDirs),
    enabled: boot?.atBoot ?? false,
    provisioningAgent: String(settings['Provisioning.Agent']!.value),
    libDir,
    provisionedMarker: { path: markerPath, present: (await guest.stat(markerPath))?.node.type === 'file' },
    deadKeys: parsed.lines.filter((l) => (WAAGENT_DEAD_KEYS as readonly string[]).includes(l.key)),
    invalidSettings: Object.values(settings).filter((s) => s.invalid !== undefined),
    effective: Object.values(settings).map((s) => settingLine(s, WAAGENT_CONF_PATH)),
    unit,
    boot,
    binaries,
    packageDirs,
    autoUpdateVersions,
    conf: { path: WAAGENT_CONF_PATH, present: text !== undefined, ...(parsed.loadError ? { loadError: parsed.loadError } : {}), lines: parsed.lines },
    settings,
  };
}
