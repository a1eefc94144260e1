import { parseUnitFile } from '../systemd.js';
import { excerptOf, textLines } from './config-dirs.js';
import { splitList } from './nm-keyfile.js';
import { lastSetting } from './unit-settings.js';

/**
 * NetworkManager.conf (NetworkManager.conf(5)): the same key-file syntax as profiles, read from
 * /usr/lib/NetworkManager/conf.d (a same-named file in /etc/NetworkManager/conf.d shadows it), then
 * NetworkManager.conf, then /etc/NetworkManager/conf.d, later wins. /run/NetworkManager/conf.d is
 * empty in an image at rest. List keys also take `key+=` (append) and `key-=` (remove).
 */

/** A device-list setting and the line that last changed it. */
export interface NmDeviceList {
  specs: string[];
  at?: { path: string; line: number; excerpt: string };
}

/** What NetworkManager.conf says about reading other formats and about devices without a profile. */
export interface NmSettings {
  /** `[main] plugins=`, undefined when not set (the build's default applies). */
  plugins?: string[];
  /** `[main] no-auto-default=`: devices that get no automatic "Wired connection" DHCP profile. */
  noAutoDefault: NmDeviceList;
  /** `[keyfile] unmanaged-devices=`: devices NetworkManager leaves alone altogether. */
  unmanagedDevices: NmDeviceList;
  /** `[ifupdown] managed=` (default false: with the ifupdown plugin, interfaces listed in /etc/network/interfaces are ignored). */
  ifupdownManaged?: { value: boolean; path: string; line: number; excerpt: string };
}

/** One configuration file in merge order. */
export interface NmConfFile {
  path: string;
  text: string;
}

/** Reads the settings from NetworkManager.conf files in the order NetworkManager merges them. Pure. */
export function nmSettings(files: readonly NmConfFile[]): NmSettings {
  const out: NmSettings = { noAutoDefault: { specs: [] }, unmanagedDevices: { specs: [] } };
  for (const { path, text } of files) {
    const file = parseUnitFile(text);
    const lines = textLines(text);
    const plugins = lastSetting(file, 'main', 'plugins');
    if (plugins) out.plugins = splitList(plugins.value);
    const managed = lastSetting(file, 'ifupdown', 'managed');
    if (managed) out.ifupdownManaged = { value: ['true', 'yes', '1'].includes(managed.value.toLowerCase()), path, line: managed.line, excerpt: excerptOf(lines[managed.line - 1] ?? '') };
    for (const [section, key, list] of [
      ['main', 'no-auto-default', out.noAutoDefault],
      ['keyfile', 'unmanaged-devices', out.unmanagedDevices],
    ] as const) {
      for (const a of file.sections.get(section) ?? []) {
        const op = a.key === key ? '=' : a.key === `${key}+` ? '+=' : a.key === `${key}-` ? '-=' : undefined;
        if (!op) continue;
        const specs = splitList(a.value);
        list.specs = op === '=' ? specs : op === '+=' ? [...list.specs, ...specs] : list.specs.filter((s) => !specs.includes(s));
        list.at = { path, line: a.line, excerpt: excerptOf(lines[a.line - 1] ?? '') };
      }
    }
  }
  return out;
}
