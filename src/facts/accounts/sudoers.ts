import type { GuestFs } from '../../guest/guest-fs.js';

/** A sudoers line granting rights to a user by name. */
export interface SudoersGrant {
  /** The user the line grants rights to. */
  user: string;
  /** Sudoers file (guest path). */
  path: string;
  /** 1-based line. */
  line: number;
}

/** Files sudo reads by default: the main file and the drop-in directory waagent/cloud-init write to. */
const SUDOERS = '/etc/sudoers';
const SUDOERS_DIR = '/etc/sudoers.d';

/**
 * User specifications (`alice ALL=(ALL) NOPASSWD:ALL`) naming one of `users`, in /etc/sudoers
 * and /etc/sudoers.d/* (sudo's includedir skips names containing '.' or ending in '~').
 */
export async function findSudoersGrants(guest: GuestFs, users: ReadonlySet<string>): Promise<SudoersGrant[]> {
  const dropIns = (await guest.glob(SUDOERS_DIR, '*')).filter((p) => {
    const name = p.slice(SUDOERS_DIR.length + 1);
    return !name.includes('.') && !name.endsWith('~');
  });
  // All of them: a grant in the 201st drop-in counts as much as in the first (globFiles bounds the list).
  const names = [SUDOERS, ...dropIns];
  const grants: SudoersGrant[] = [];
  for (const path of names) {
    const text = await guest.readText(path);
    if (text === undefined) continue;
    grants.push(...parseSudoersGrants(text, path, users));
  }
  return grants;
}

/** Pure part: lines whose first token is one of `users`. */
export function parseSudoersGrants(text: string, path: string, users: ReadonlySet<string>): SudoersGrant[] {
  const grants: SudoersGrant[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const first = raw.trim().split(/[\s,]/)[0] ?? '';
    if (users.has(first)) grants.push({ user: first, path, line: index + 1 });
  });
  return grants;
}
