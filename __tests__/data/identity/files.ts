import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { corpusPath } from '../../helpers/corpus.js';

/** Directory of the identity test data (see README.md for where each file came from). */
export const IDENTITY_DATA = fileURLToPath(new URL('.', import.meta.url));

/** Text of one data file, by path relative to this directory. */
export function identityFile(relative: string): string {
  return readFileSync(join(IDENTITY_DATA, relative), 'utf8');
}

/** A file of the WALinuxAgent corpus (__tests__/corpus/waagent). */
export function corpusWaagentFile(relative: string): string {
  return readFileSync(corpusPath('waagent', relative), 'utf8');
}
