import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The third-party test corpus, inside the repository (__tests__/corpus: e2fsprogs and util-linux
 * images, WALinuxAgent and python-distro files; origins and licences in its README). The one
 * place tests find it; the fixture scripts use scripts/fixtures/corpus.sh.
 */
export const corpusDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../corpus');

/** A file or folder of the corpus: corpusPath('waagent', 'waagent.conf', 'shipped-ubuntu-waagent.conf'). */
export function corpusPath(...parts: string[]): string {
  return path.join(corpusDir, ...parts);
}
