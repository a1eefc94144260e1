/**
 * systemd unit state from the guest's files, without running systemctl:
 * - `unitState(guest, unit)` emulates `systemctl is-enabled unit` (enabled / disabled / static /
 *   masked / alias / indirect / absent) and lists the links and [Install] settings behind it;
 * - `isEnabledAtBoot(guest, unit, options)` says whether the unit will start at boot and why,
 *   walking Wants=/Requires= from the default target (socket activation counted for services).
 * Search path: /etc/systemd/system > /run/systemd/system > /usr/local/lib/systemd/system >
 * /usr/lib/systemd/system > /lib/systemd/system (a same-named file higher up shadows lower ones).
 */
export { unitState, type UnitEnablement, type UnitState } from './systemd/unit-state.js';
export { isEnabledAtBoot, type BootOptions, type BootReachability } from './systemd/boot.js';
export { lookupUnit, UNIT_SEARCH_PATH, CONFIG_DIRS, type UnitLookup } from './systemd/search-path.js';
export { parseUnitFile, listSetting, type UnitFile, type UnitAssignment } from './systemd/unit-file.js';
