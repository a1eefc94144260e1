import type { GuestFs } from '../../guest/guest-fs.js';

/**
 * What a machine-id file holds (machine-id(5)): `populated` = 32 lower-case hex digits (one
 * machine's identity, cloned onto every VM); `empty` or `uninitialized` = systemd generates a new
 * one at first boot (what `truncate -s 0` and `cloud-init clean --machine-id` leave); `absent`;
 * `invalid` = anything else (systemd then also generates a new one, but it is unusual).
 */
export type MachineIdState = 'absent' | 'empty' | 'uninitialized' | 'populated' | 'invalid';

/** One machine-id file. */
export interface MachineIdFact {
  /** Guest path. */
  path: string;
  /** What the file holds (the ID itself is not kept). */
  state: MachineIdState;
  /** Target when the path is a symlink (/var/lib/dbus/machine-id → /etc/machine-id is the healthy case). */
  symlinkTo?: string;
}

/** Classifies machine-id text. */
export function classifyMachineId(text: string | undefined): MachineIdState {
  if (text === undefined) return 'absent';
  const value = text.trim();
  if (value === '') return 'empty';
  if (value === 'uninitialized') return 'uninitialized';
  return /^[0-9a-f]{32}$/.test(value) ? 'populated' : 'invalid';
}

/** Reads and classifies one machine-id path; the ID itself is not kept. */
export async function readMachineId(guest: GuestFs, path: string): Promise<MachineIdFact> {
  const symlinkTo = await guest.readlink(path);
  const state = classifyMachineId(await guest.readText(path));
  return symlinkTo === undefined ? { path, state } : { path, state, symlinkTo };
}
