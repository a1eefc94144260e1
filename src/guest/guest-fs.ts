import { GuestError } from '../errors.js';
import type { DirEntry, Filesystem, FsNode } from '../fs/types.js';

/** A filesystem mounted at a guest path ("/", "/boot", "/var"). */
export interface GuestMount {
  mountPoint: string;
  fs: Filesystem;
  /** Where it came from, for messages: "partition 2 (ext4)". */
  source: string;
}

/** What `stat`/`lstat` report about a guest path. */
export interface GuestStat {
  /** Canonical guest path after resolving every symlink (for lstat: all but the last component). */
  path: string;
  node: FsNode;
  /** The mount that holds it. */
  mount: GuestMount;
}

/** Linux's own limit on symlinks followed in one lookup (MAXSYMLINKS). */
export const MAX_SYMLINKS = 40;
/** Paths whose resolution GuestFs remembers. */
const MAX_MEMOISED_PATHS = 20_000;
/** Default cap on how much of one guest file we read: config files are small. */
export const DEFAULT_READ_CAP = 1024 * 1024;

interface Step {
  name: string;
  node: FsNode;
  mount: GuestMount;
  /** Canonical guest path of this step, kept so a walk never rebuilds it from the stack. */
  path: string;
}

/**
 * The guest's view of its own files: mounts assembled from its fstab, paths and symlinks
 * resolved inside the guest root only. An absolute link target is re-rooted at the guest's
 * "/", ".." never climbs above it, and loops end after MAX_SYMLINKS links.
 * Absent paths give `undefined`; corrupt structures throw.
 */
export class GuestFs {
  private readonly mounts: GuestMount[];
  /** The guest never changes under us, so resolutions are memoised (bounded, oldest dropped first). */
  private readonly resolved = new Map<string, Promise<Step[] | undefined>>();

  constructor(mounts: GuestMount[]) {
    if (!mounts.some((m) => m.mountPoint === '/')) throw new GuestError('corrupt', 'guest view needs a root mount');
    // Longer mount points first is irrelevant here (we match exact paths), but keep a stable order.
    this.mounts = [...mounts].sort((a, b) => a.mountPoint.localeCompare(b.mountPoint));
  }

  /** Mounts in mount-point order. */
  list(): readonly GuestMount[] {
    return this.mounts;
  }

  private mountAt(path: string): GuestMount | undefined {
    return this.mounts.find((m) => m.mountPoint === path);
  }

  private static pathOf(stack: Step[]): string {
    return stack[stack.length - 1]!.path;
  }

  /** Walks `path`; follows the final symlink only when `followLast`. */
  private resolve(path: string, followLast: boolean): Promise<Step[] | undefined> {
    const key = `${followLast ? 'L' : 'l'}${path}`;
    let result = this.resolved.get(key);
    if (!result) {
      result = this.walk(path, followLast);
      // A failed walk (corrupt metadata) is not memoised: the error says where, each time.
      result.catch(() => this.resolved.delete(key));
      this.resolved.set(key, result);
      if (this.resolved.size > MAX_MEMOISED_PATHS) this.resolved.delete(this.resolved.keys().next().value!);
    }
    return result;
  }

  private async walk(path: string, followLast: boolean): Promise<Step[] | undefined> {
    const rootMount = this.mountAt('/')!;
    const rootStep: Step = { name: '', node: await rootMount.fs.root(), mount: rootMount, path: '/' };
    let stack: Step[] = [rootStep];
    let pending = splitPath(path);
    let links = 0;

    while (pending.length > 0) {
      const name = pending.shift()!;
      if (name === '.' ) continue;
      if (name === '..') {
        if (stack.length > 1) stack.pop();
        continue;
      }
      const here = stack[stack.length - 1]!;
      if (here.node.type !== 'dir') return undefined;
      let node = await here.mount.fs.lookup(here.node, name);
      let mount = here.mount;
      const childPath = here.path === '/' ? `/${name}` : `${here.path}/${name}`;
      // A mount point hides whatever the parent has there; the kernel needs a directory,
      // but a missing one in an image should not hide the mounted filesystem from us.
      const mounted = !node || node.type === 'dir' ? this.mountAt(childPath) : undefined;
      if (!node && !mounted) return undefined;
      if (mounted) {
        mount = mounted;
        node = await mounted.fs.root();
      }
      if (!node) return undefined;
      const isLast = pending.length === 0;
      if (node.type === 'symlink' && (!isLast || followLast)) {
        if (++links > MAX_SYMLINKS) {
          throw new GuestError('corrupt', `too many levels of symbolic links resolving ${path} (more than ${MAX_SYMLINKS})`);
        }
        const target = await mount.fs.readlink(node);
        if (target.startsWith('/')) stack = [rootStep];
        pending = [...splitPath(target), ...pending];
        continue;
      }
      stack.push({ name, node, mount, path: childPath });
    }
    return stack;
  }

  private static toStat(stack: Step[]): GuestStat {
    const last = stack[stack.length - 1]!;
    return { path: GuestFs.pathOf(stack), node: last.node, mount: last.mount };
  }

  /** Follows symlinks, including the last component. */
  async stat(path: string): Promise<GuestStat | undefined> {
    const stack = await this.resolve(path, true);
    return stack && GuestFs.toStat(stack);
  }

  /** Follows symlinks in the parent components only. */
  async lstat(path: string): Promise<GuestStat | undefined> {
    const stack = await this.resolve(path, false);
    return stack && GuestFs.toStat(stack);
  }

  /** Canonical guest path, or undefined if it does not resolve. */
  async realpath(path: string): Promise<string | undefined> {
    return (await this.stat(path))?.path;
  }

  async exists(path: string): Promise<boolean> {
    return (await this.stat(path)) !== undefined;
  }

  /** Directory entries (sorted by name, for deterministic output), or undefined if not a directory. */
  async readdir(path: string): Promise<DirEntry[] | undefined> {
    const st = await this.stat(path);
    if (!st || st.node.type !== 'dir') return undefined;
    const entries = await st.mount.fs.readdir(st.node);
    return entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** Target of a symlink (not followed), or undefined if not a symlink. */
  async readlink(path: string): Promise<string | undefined> {
    const st = await this.lstat(path);
    if (!st || st.node.type !== 'symlink') return undefined;
    return st.mount.fs.readlink(st.node);
  }

  /** Bytes of a regular file (following symlinks), capped; undefined if absent or not a file. */
  async readBytes(path: string, maxBytes = DEFAULT_READ_CAP): Promise<Uint8Array | undefined> {
    const st = await this.stat(path);
    if (!st || st.node.type !== 'file') return undefined;
    return st.mount.fs.readFile(st.node, maxBytes);
  }

  /** UTF-8 text of a regular file (following symlinks), capped; undefined if absent or not a file. */
  async readText(path: string, maxBytes = DEFAULT_READ_CAP): Promise<string | undefined> {
    const bytes = await this.readBytes(path, maxBytes);
    return bytes && new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  }

  /** Names in `dir` matching a simple glob (`*`, `?`), sorted; [] if the directory is absent. */
  async glob(dir: string, pattern: string): Promise<string[]> {
    const entries = (await this.readdir(dir)) ?? [];
    const re = globToRegExp(pattern);
    return entries.filter((e) => re.test(e.name)).map((e) => joinPath(dir, e.name));
  }
}

/** Splits a guest path into its components, dropping empty ones. */
export function splitPath(path: string): string[] {
  return path.split('/').filter((p) => p.length > 0);
}

/** Joins a directory and a name into a guest path. */
export function joinPath(dir: string, name: string): string {
  return dir.endsWith('/') ? dir + name : `${dir}/${name}`;
}

const globCache = new Map<string, RegExp>();

/** Shell-style glob (only `*` and `?`, plus `[...]` classes) to an anchored RegExp. */
export function globToRegExp(pattern: string): RegExp {
  let re = globCache.get(pattern);
  if (!re) {
    re = compileGlob(pattern);
    if (globCache.size < 1000) globCache.set(pattern, re);
  }
  return re;
}

function compileGlob(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 1);
      if (end < 0) re += '\\[';
      else {
        let cls = pattern.slice(i + 1, end);
        if (cls.startsWith('!')) cls = '^' + cls.slice(1);
        re += `[${cls.replace(/\\/g, '\\\\')}]`;
        i = end;
      }
    } else re += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}
