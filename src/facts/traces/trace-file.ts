import type { GuestFs } from '../../guest/guest-fs.js';

/** A file or directory left behind by a previous boot; its content is never kept. */
export interface TraceFile {
  /** Guest path. */
  path: string;
  /** file, dir or symlink (the entry itself, not its target). */
  type: 'file' | 'dir' | 'symlink' | 'other';
  /** Size in bytes (files), or number of entries (directories). */
  size: number;
}

/** The entry at `path` (not following a final symlink), or undefined if absent. */
export async function traceAt(guest: GuestFs, path: string): Promise<TraceFile | undefined> {
  const st = await guest.lstat(path);
  if (!st) return undefined;
  if (st.node.type === 'dir') return { path, type: 'dir', size: ((await guest.readdir(path)) ?? []).length };
  return { path, type: st.node.type, size: st.node.size };
}

/** Entries of `dir` whose names match `pattern`, each as a trace, sorted (all of them: callers filter; globFiles bounds it). */
export async function tracesIn(guest: GuestFs, dir: string, pattern = '*'): Promise<TraceFile[]> {
  const out: TraceFile[] = [];
  for (const path of await guest.glob(dir, pattern)) {
    const trace = await traceAt(guest, path);
    if (trace) out.push(trace);
  }
  return out;
}

/** Traces at each literal path that exists. */
export async function tracesAt(guest: GuestFs, paths: readonly string[]): Promise<TraceFile[]> {
  const out: TraceFile[] = [];
  for (const path of paths) {
    const trace = await traceAt(guest, path);
    if (trace) out.push(trace);
  }
  return out;
}
