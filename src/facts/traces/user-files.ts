import type { GuestFs } from '../../guest/guest-fs.js';
import { joinPath } from '../../guest/guest-fs.js';
import { tracesAt, type TraceFile } from './trace-file.js';

/** Shell and tool histories virt-sysprep removes (bash-history, zsh-history) plus common REPLs. */
export const HISTORY_FILES = [
  '.bash_history',
  '.zsh_history',
  '.sh_history',
  '.ash_history',
  '.python_history',
  '.mysql_history',
  '.psql_history',
  '.lesshst',
  '.viminfo',
  '.local/share/fish/fish_history',
];

/** Home directories to look in: /root and every directory under /home (more than homeDirectories is a LimitError). */
export async function homeDirs(guest: GuestFs): Promise<string[]> {
  const homes = ['/root'];
  for (const entry of (await guest.readdir('/home')) ?? []) {
    if (entry.type === 'dir') homes.push(joinPath('/home', entry.name));
  }
  guest.enforce('homeDirectories', homes.length, '/home', `${homes.length} home directories`);
  return homes;
}

/** Non-empty history files in /root and /home/*, with sizes. */
export async function collectHistories(guest: GuestFs): Promise<TraceFile[]> {
  const out: TraceFile[] = [];
  for (const home of await homeDirs(guest)) {
    const found = await tracesAt(guest, HISTORY_FILES.map((name) => joinPath(home, name)));
    out.push(...found.filter((t) => t.type === 'file' && t.size > 0));
  }
  return out;
}
