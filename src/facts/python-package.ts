import { joinPath, type GuestFs } from '../guest/guest-fs.js';

/** Library roots where distro Python packages are installed (python3.X and Debian's python3). */
const PYTHON_LIB_ROOTS = ['/usr/lib', '/usr/lib64', '/usr/local/lib'] as const;

/**
 * Guest directories of an installed Python package: `<root>/python3*\/{site,dist}-packages/<name>`.
 * Sorted, de-duplicated by canonical path (lib64 is often a link to lib).
 */
export async function findPythonPackage(guest: GuestFs, name: string): Promise<string[]> {
  const found = new Map<string, string>();
  for (const root of PYTHON_LIB_ROOTS) {
    for (const pyDir of await guest.glob(root, 'python3*')) {
      for (const kind of ['site-packages', 'dist-packages']) {
        const dir = joinPath(joinPath(pyDir, kind), name);
        const st = await guest.stat(dir);
        if (st?.node.type === 'dir' && !found.has(st.path)) found.set(st.path, dir);
      }
    }
  }
  return [...found.values()].sort();
}

/** A module-level string constant (`NAME = "1.2.3"` or with single quotes) from Python source, with its line. */
export function pythonStringConstant(source: string, name: string): { value: string; line: number } | undefined {
  const re = new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*=\\s*(['"])([^'"\\n]*)\\1`);
  const lines = source.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = re.exec(lines[i]!);
    if (m) return { value: m[2]!, line: i + 1 };
  }
  return undefined;
}

/** The first of `paths` that is a regular file in the guest. */
export async function firstFile(guest: GuestFs, paths: readonly string[]): Promise<string | undefined> {
  for (const path of paths) if ((await guest.stat(path))?.node.type === 'file') return path;
  return undefined;
}
