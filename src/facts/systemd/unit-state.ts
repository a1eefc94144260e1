import { joinPath, type GuestFs } from '../../guest/guest-fs.js';
import { CONFIG_DIRS, lookupUnit } from './search-path.js';
import { listSetting } from './unit-file.js';
import { baseName, isTemplate, templateOf } from './unit-name.js';

/**
 * What `systemctl is-enabled <unit>` would print, worked out from files
 * (systemd src/shared/install.c, unit_file_lookup_state):
 * - `masked`: the name is a symlink to /dev/null (or an empty file) on the search path;
 * - `alias`: the name is a symlink to a unit file of another name (Debian's sshd.service → ssh.service);
 * - `enabled` / `enabled-runtime`: an enablement link exists in /etc/systemd/system (/run/systemd/system):
 *   a link named after the unit in some `*.wants/`, `*.requires/` or `*.upholds/` directory, or an
 *   `Alias=` link at the top level;
 * - `disabled`: not enabled, but the unit has install rules (WantedBy=, RequiredBy=, UpheldBy=, Alias=);
 * - `indirect`: not enabled, and its [Install] section only has Also=;
 * - `static`: not enabled and no install rules;
 * - `absent`: no unit file of that name (systemctl: "No such file or directory").
 * `generated` units come from generators at boot and cannot be seen in an image at rest; callers
 * that emulate a generator (cloud-init's) report that themselves.
 */
export type UnitEnablement =
  | 'enabled'
  | 'enabled-runtime'
  | 'alias'
  | 'masked'
  | 'disabled'
  | 'indirect'
  | 'static'
  | 'absent';

/** The enablement state of one unit, with the files that decide it. */
export interface UnitState {
  /** Unit name as asked. */
  name: string;
  /** `systemctl is-enabled` emulated. */
  state: UnitEnablement;
  /** Unit file that would be loaded (canonical guest path); absent when masked or absent. */
  fragmentPath?: string;
  /** Path of the /dev/null link or empty file when masked. */
  maskedBy?: string;
  /** For `alias`: the unit's real name; its own state is in `target`. */
  aliasOf?: string;
  /** For `alias`: the state of the unit the alias points to. */
  target?: UnitState;
  /** Enablement links found in /etc/systemd/system or /run/systemd/system (guest paths). */
  enabledBy: string[];
  /** [Install] WantedBy= of the unit file. */
  wantedBy: string[];
  /** [Install] RequiredBy= of the unit file. */
  requiredBy: string[];
  /** [Install] Alias= names of the unit file. */
  aliases: string[];
  /** [Install] Also= units of the unit file. */
  also: string[];
}

/** Emulates `systemctl is-enabled unit` over the guest's files. Never throws on odd layouts; absent dirs are empty. */
export async function unitState(guest: GuestFs, unit: string): Promise<UnitState> {
  const found = await lookupUnit(guest, unit);
  const empty = { enabledBy: [], wantedBy: [], requiredBy: [], aliases: [], also: [] };
  if (found.maskedBy) return { name: unit, state: 'masked', maskedBy: found.maskedBy, ...empty };
  if (!found.fragmentPath || !found.file) return { name: unit, state: 'absent', ...empty };
  if (found.aliasOf) {
    const target = await unitState(guest, found.aliasOf);
    return { name: unit, state: 'alias', fragmentPath: found.fragmentPath, aliasOf: found.aliasOf, target, ...empty };
  }
  const install = {
    wantedBy: listSetting(found.file, 'Install', 'WantedBy'),
    requiredBy: listSetting(found.file, 'Install', 'RequiredBy'),
    aliases: listSetting(found.file, 'Install', 'Alias'),
    also: listSetting(found.file, 'Install', 'Also'),
  };
  const upheldBy = listSetting(found.file, 'Install', 'UpheldBy');
  const links = await enablementLinks(guest, unit, install.aliases);
  const persistent = links.filter((l) => l.startsWith(`${CONFIG_DIRS[0]}/`));
  const hasRules = install.wantedBy.length + install.requiredBy.length + install.aliases.length + upheldBy.length > 0;
  const state: UnitEnablement =
    persistent.length > 0 ? 'enabled' : links.length > 0 ? 'enabled-runtime' : hasRules ? 'disabled' : install.also.length > 0 ? 'indirect' : 'static';
  return { name: unit, state, fragmentPath: found.fragmentPath, enabledBy: links, ...install };
}

/** Whether a link name in a `.wants/` dir stands for `unit` (for a template: any of its instances). */
function linkNamesUnit(linkName: string, unit: string): boolean {
  if (linkName === unit) return true;
  return isTemplate(unit) && templateOf(linkName) === unit;
}

/**
 * Links that enable `unit`: `<dir>/*.{wants,requires,upholds}/<unit>` and `<dir>/<alias>` for
 * each Alias= name, in the config directories only (links under /usr come with the package and
 * make a unit `static`, not enabled).
 */
async function enablementLinks(guest: GuestFs, unit: string, aliases: string[]): Promise<string[]> {
  const links: string[] = [];
  for (const dir of CONFIG_DIRS) {
    for (const entry of (await guest.readdir(dir)) ?? []) {
      if (entry.type === 'dir' && /\.(wants|requires|upholds)$/.test(entry.name)) {
        const sub = joinPath(dir, entry.name);
        for (const link of (await guest.readdir(sub)) ?? []) {
          if (linkNamesUnit(link.name, unit)) links.push(joinPath(sub, link.name));
        }
      } else if (entry.type === 'symlink' && aliases.includes(entry.name)) {
        const target = await guest.readlink(joinPath(dir, entry.name));
        if (target !== undefined && baseName(target) === unit) links.push(joinPath(dir, entry.name));
      }
    }
  }
  return links;
}

