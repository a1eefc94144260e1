import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Directory of the identity test data (see README.md for where each file came from). */
export const IDENTITY_DATA = fileURLToPath(new URL('.', import.meta.url));

/** Text of one data file, by path relative to this directory. */
export function identityFile(relative: string): string {
  return readFileSync(join(IDENTITY_DATA, relative), 'utf8');
}

/** The WALinuxAgent corpus beside the repository (../shared/corpus/waagent). */
export function corpusWaagentFile(relative: string): string {
  return readFileSync(join(IDENTITY_DATA, '../../../../shared/corpus/waagent', relative), 'utf8');
}
