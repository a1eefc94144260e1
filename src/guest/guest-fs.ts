import { GuestError } from '../errors.js';
import type { DirEntry, Filesystem, FsNode } from '../fs/types.js';
import { checkRange, type ByteSource } from '../io/byte-source.js';
import { enforceBudget, limits, type Budget, type Budgets } from '../limits.js';

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

/** How readText treats long lines: line-oriented config files get the lineBytes budget, YAML does not (it has yamlBytes). */
export interface ReadTextOptions {
  /** Skip the lineBytes check (for formats that are not line-oriented). */
  anyLineLength?: boolean;
}

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
 *
 * It is also where the guest-file budgets of src/limits.ts are enforced, so no collector can
 * forget one: a file larger than fileBytes, more than factsBytes read in all, a directory of
 * more than dirEntries entries or a glob of more than globFiles matches throws a LimitError
 * naming the path. Nothing is ever silently truncated: a partial read could hide a finding.
 */
export class GuestFs {
  private readonly mounts: GuestMount[];
  /** The guest never changes under us, so resolutions are memoised (bounded, oldest dropped first). */
  private readonly resolved = new Map<string, Promise<Step[] | undefined>>();
  /** What run-wide budgets (factsBytes, factsEntries, yamlTotalBytes) have spent so far through this view. */
  private readonly spent = new Map<Budget, number>();

  /** `budgets` defaults to src/limits.ts; tests lower one to reach it with small data. */
  constructor(
    mounts: GuestMount[],
    readonly budgets: Budgets = limits,
  ) {
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

  /**
   * Throws a LimitError when `used` exceeds `budget`: for collectors counting what the guest
   * layer cannot see (homes visited, include depth, interfaces). `path` is the guest file or
   * directory concerned, when there is one (the error carries it; reports print it beside the
   * message); `what` says what was counted.
   */
  enforce(budget: Budget, used: number, path: string | undefined, what: string): void {
    enforceBudget('guest', budget, used, (limit) => `${what} exceeds the ${budget} budget of ${limit}`, { path }, this.budgets[budget]);
  }

  /**
   * Spends `amount` of a run-wide budget (one that adds up over the whole run, like factsBytes)
   * and throws a LimitError, spending nothing, when the total would exceed it.
   */
  charge(budget: Budget, amount: number, path: string | undefined, what: string): void {
    const before = this.spent.get(budget) ?? 0;
    this.enforce(budget, before + amount, path, `${what} after ${before} already spent in this run`);
    this.spent.set(budget, before + amount);
  }

  /** Directory entries (sorted by name, for deterministic output), or undefined if not a directory; more than dirEntries is a LimitError. */
  async readdir(path: string): Promise<DirEntry[] | undefined> {
    const st = await this.stat(path);
    if (!st || st.node.type !== 'dir') return undefined;
    const entries = await st.mount.fs.readdir(st.node);
    this.enforce('dirEntries', entries.length, path, `a directory of ${entries.length} entries`);
    this.charge('factsEntries', entries.length, path, `listing ${entries.length} directory entries`);
    return entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** Target of a symlink (not followed), or undefined if not a symlink. */
  async readlink(path: string): Promise<string | undefined> {
    const st = await this.lstat(path);
    if (!st || st.node.type !== 'symlink') return undefined;
    return st.mount.fs.readlink(st.node);
  }

  /**
   * All bytes of a regular file (following symlinks); undefined if absent or not a file.
   * A file larger than fileBytes, or one that would take the run past factsBytes, is a
   * LimitError naming the path and size: judged on a prefix, a gate could pass what it never saw.
   */
  async readBytes(path: string): Promise<Uint8Array | undefined> {
    const st = await this.stat(path);
    if (!st || st.node.type !== 'file') return undefined;
    const size = st.node.size;
    this.enforce('fileBytes', size, path, `a file of ${size} bytes`);
    this.charge('factsBytes', size, path, `reading ${size} bytes`);
    return st.mount.fs.readFile(st.node, size);
  }

  /**
   * The first min(size, maxBytes) bytes of a regular file, for a caller that wants a prefix on
   * purpose (a magic number, a header): never use it for content that is judged as a whole.
   * Counts toward factsBytes; maxBytes above fileBytes is the caller's mistake and throws.
   */
  async readPrefix(path: string, maxBytes: number): Promise<Uint8Array | undefined> {
    if (maxBytes > this.budgets.fileBytes) throw new RangeError(`readPrefix(${path}, ${maxBytes}): more than the fileBytes budget of ${this.budgets.fileBytes}`);
    const st = await this.stat(path);
    if (!st || st.node.type !== 'file') return undefined;
    const length = Math.min(st.node.size, maxBytes);
    this.charge('factsBytes', length, path, `reading ${length} bytes`);
    return st.mount.fs.readFile(st.node, length);
  }

  /**
   * A regular file (following symlinks) as a ByteSource named by its guest path, for parsers of
   * binary formats that read a header here and a table there (ELF, PE): each read costs what it
   * reads, counted toward `budget` (factsBytes by default), and never the whole file. Undefined
   * if absent or not a file. A read outside the file is the ByteSource's IoError (corrupt).
   */
  async openFile(path: string, budget: Budget = 'factsBytes'): Promise<ByteSource | undefined> {
    const st = await this.stat(path);
    if (!st || st.node.type !== 'file') return undefined;
    const { node, mount } = st;
    const name = st.path;
    return {
      name,
      size: node.size,
      read: async (offset: number, length: number): Promise<Uint8Array> => {
        checkRange({ name, size: node.size }, offset, length);
        this.charge(budget, length, name, `reading ${length} bytes`);
        if (mount.fs.readRange) return mount.fs.readRange(node, offset, length);
        return (await mount.fs.readFile(node, offset + length)).subarray(offset);
      },
    };
  }

  /**
   * UTF-8 text of a regular file, with readBytes' budgets; a line longer than lineBytes is a
   * LimitError too (line-oriented parsers work line by line), unless `anyLineLength`.
   */
  async readText(path: string, options: ReadTextOptions = {}): Promise<string | undefined> {
    const bytes = await this.readBytes(path);
    if (!bytes) return undefined;
    if (!options.anyLineLength) {
      const longest = longestLine(bytes);
      this.enforce('lineBytes', longest, path, `a line of ${longest} bytes`);
    }
    return new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  }

  /** Names in `dir` matching a simple glob (`*`, `?`), sorted; [] if the directory is absent; more than globFiles matches is a LimitError. */
  async glob(dir: string, pattern: string): Promise<string[]> {
    const entries = (await this.readdir(dir)) ?? [];
    const re = globToRegExp(pattern);
    const matches = entries.filter((e) => re.test(e.name)).map((e) => joinPath(dir, e.name));
    this.enforce('globFiles', matches.length, joinPath(dir, pattern), `${matches.length} matching files`);
    return matches;
  }
}

/** Length in bytes of the longest line (LF-separated) in `bytes`. */
function longestLine(bytes: Uint8Array): number {
  let longest = 0;
  let start = 0;
  for (let i = bytes.indexOf(0x0a); i >= 0; i = bytes.indexOf(0x0a, start)) {
    longest = Math.max(longest, i - start);
    start = i + 1;
  }
  return Math.max(longest, bytes.length - start);
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
