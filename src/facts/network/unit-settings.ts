import type { UnitAssignment, UnitFile } from '../systemd.js';

/** Last value of `key` in `section` (a later assignment overrides an earlier one), with its line. */
export function lastSetting(file: UnitFile, section: string, key: string): UnitAssignment | undefined {
  const values = (file.sections.get(section) ?? []).filter((a) => a.key === key);
  return values[values.length - 1];
}
