import { expect } from '@jest/globals';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const goldenDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'golden');

/**
 * Compares reporter output with a committed golden file. UPDATE_GOLDEN=1 rewrites it; the
 * diff is then reviewed like code. A missing golden file fails (never silently created).
 */
export function expectGolden(name: string, actual: string): void {
  const file = path.join(goldenDir, name);
  if (process.env.UPDATE_GOLDEN === '1') writeFileSync(file, actual);
  if (!existsSync(file)) throw new Error(`golden file ${file} is missing; run with UPDATE_GOLDEN=1 and review it`);
  expect(actual).toBe(readFileSync(file, 'utf8'));
}
