import type { GuestFs } from '../../guest/guest-fs.js';
import { CLOUD_CFG, CLOUD_CFG_D, type ConfigOrigin } from './config.js';
import { excerptOf } from '../excerpt.js';

/** ds-identify, which the cloud-init generator runs at boot to decide whether cloud-init runs at all. */
export const DS_IDENTIFY_PATHS = ['/usr/lib/cloud-init/ds-identify', '/lib/cloud-init/ds-identify'] as const;

/** ds-identify's built-in list of cloud-init 22.4 (used when the guest's own script cannot be read). */
export const DS_IDENTIFY_DEFAULT_LIST = 'MAAS ConfigDrive NoCloud AltCloud Azure Bigstep CloudSigma CloudStack DigitalOcean Vultr AliYun Ec2 GCE OpenNebula OpenStack OVF SmartOS Scaleway Hetzner IBMCloud Oracle Exoscale RbxCloud UpCloud VMware LXD NWCS'.split(' ');

/** One `datasource_list` line as ds-identify's check_config matches it. */
export interface DsIdentifyMatch extends ConfigOrigin {
  /** The text after `datasource_list:` (comment removed), as ds-identify keeps it. */
  value: string;
}

/**
 * ds-identify's check_config: every line of cloud.cfg then cloud.cfg.d/*.cfg (glob order) read
 * with `while read line` (leading/trailing blanks dropped, so indentation — YAML hierarchy — is
 * ignored; a last line without a newline is never read), cut at '#', matched against
 * `datasource_list: *` or exactly `datasource_list:`. Returns every match; the last one wins.
 */
export function grepDatasourceList(files: { path: string; text: string }[]): DsIdentifyMatch[] {
  const matches: DsIdentifyMatch[] = [];
  for (const { path, text } of files) {
    const lines = text.split('\n');
    lines.pop(); // the unterminated tail (or '' after a final newline): `read` returns false on it
    lines.forEach((raw, index) => {
      const line = raw.trim().split('#')[0]!;
      if (!(line.startsWith('datasource_list: ') || line === 'datasource_list:')) return;
      let value = line.slice(line.indexOf(':') + 1);
      if (value.startsWith(' ')) value = value.slice(1);
      matches.push({ path, line: index + 1, excerpt: excerptOf(raw), value });
    });
  }
  return matches;
}

/** ds-identify's parse_yaml_array: strip one `[` and one `]`, split on ',', trim, unquote, then words. */
export function parseYamlArray(value: string): string[] {
  let val = value.startsWith('[') ? value.slice(1) : value;
  val = val.endsWith(']') ? val.slice(0, -1) : val;
  const out: string[] = [];
  for (const tok of val.split(',')) {
    let t = tok.trim().split(/\s+/).join(' ');
    if (t.length >= 2 && ((t.startsWith('"') && t.endsWith('"')) || (t.startsWith("'") && t.endsWith("'")))) t = t.slice(1, -1);
    out.push(t);
  }
  return out.join(' ').split(/\s+/).filter((s) => s.length > 0);
}

/** The DI_DSLIST_DEFAULT of the guest's own ds-identify (a shell string continued with backslashes). */
export function defaultListFromScript(script: string): string[] | undefined {
  const m = /^DI_DSLIST_DEFAULT="([^"]*)"/m.exec(script);
  return m ? m[1]!.replace(/\\\n/g, ' ').split(/\s+/).filter((s) => s.length > 0) : undefined;
}

/** How ds-identify would arrive at its datasource list. */
export interface DsIdentifyView {
  /** Path of the guest's ds-identify, if installed. */
  script?: string;
  /** The list it would search. */
  list: string[];
  /** What decided it: the kernel's ci.ds=, a config line, or the built-in default. */
  source: 'kernel' | 'config' | 'default';
  /** The deciding config line when source is 'config'. */
  origin?: DsIdentifyMatch;
  /** A config line matched but its value parsed to nothing (block-style list): ds-identify falls back to its default. */
  blockStyleIgnored?: DsIdentifyMatch;
  /** Every matching line (for reports: earlier ones are overridden). */
  matches: DsIdentifyMatch[];
  /** /etc/cloud/ds-identify.cfg lines (policy/datasource pins), if the file exists. */
  configFile?: { path: string; lines: ConfigOrigin[] };
}

/** Reads the config files as ds-identify does and works out its datasource list. `kernelDsName` is ci.ds= from the kernel command line. */
export async function dsIdentifyView(guest: GuestFs, kernelDsName?: string): Promise<DsIdentifyView> {
  let script: string | undefined;
  let defaults = DS_IDENTIFY_DEFAULT_LIST;
  for (const path of DS_IDENTIFY_PATHS) {
    const text = await guest.readText(path);
    if (text === undefined) continue;
    script = path;
    defaults = defaultListFromScript(text) ?? defaults;
    break;
  }
  const files: { path: string; text: string }[] = [];
  for (const path of [CLOUD_CFG, ...(await guest.glob(CLOUD_CFG_D, '*.cfg'))]) {
    // YAML, not line-oriented: a long base64 line is legitimate (yamlBytes bounds the file when it is parsed).
    const text = await guest.readText(path, { anyLineLength: true });
    if (text !== undefined) files.push({ path, text });
  }
  const matches = grepDatasourceList(files);
  const last = matches[matches.length - 1];
  const diCfgText = await guest.readText('/etc/cloud/ds-identify.cfg');
  const configFile =
    diCfgText === undefined
      ? undefined
      : {
          path: '/etc/cloud/ds-identify.cfg',
          lines: diCfgText
            .split('\n')
            .map((raw, i) => ({ path: '/etc/cloud/ds-identify.cfg', line: i + 1, excerpt: excerptOf(raw) }))
            .filter((l) => l.excerpt !== '' && !l.excerpt.startsWith('#')),
        };
  const base = { script, matches, configFile };
  if (kernelDsName) return { ...base, list: parseYamlArray(kernelDsName), source: 'kernel' };
  const parsed = last ? parseYamlArray(last.value) : [];
  if (last && parsed.length > 0) return { ...base, list: parsed, source: 'config', origin: last };
  return { ...base, list: defaults, source: 'default', ...(last ? { blockStyleIgnored: last } : {}) };
}
