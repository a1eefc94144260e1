import { lstatSync, readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MemoryTree } from '../../../src/fs/memory/memory-fs.js';

/** Directory of this README and the unpacked Debian 12 package files. */
export const AGENTS_DATA = fileURLToPath(new URL('.', import.meta.url));

/** Real package files as a guest tree: every file and symlink under debian12/<pkg>/, at its installed path. */
export function packageTree(...packages: string[]): MemoryTree {
  const tree: MemoryTree = {};
  for (const pkg of packages) {
    const root = join(AGENTS_DATA, 'debian12', pkg);
    const walk = (dir: string, guestDir: string): void => {
      for (const name of readdirSync(dir)) {
        const host = join(dir, name);
        const guest = `${guestDir}/${name}`;
        const st = lstatSync(host);
        if (st.isSymbolicLink()) tree[guest] = { symlink: readlinkSync(host) };
        else if (st.isDirectory()) walk(host, guest);
        else tree[guest] = readFileSync(host, 'utf8');
      }
    };
    walk(root, '');
  }
  return tree;
}

/** One real file's text, by package and installed path. */
export function packageFile(pkg: string, path: string): string {
  return readFileSync(join(AGENTS_DATA, 'debian12', pkg, path), 'utf8');
}
