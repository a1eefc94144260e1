import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root, from this file's place in __tests__/cli. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** A fresh temporary directory. */
export function tempDir(prefix: string): string {
  return mkdtempSync(path.join(tmpdir(), `vhd-gate-${prefix}-`));
}

/** A bundled entry point (dist/cli.js, dist/index.js); a missing bundle fails with how to make it. */
export function bundled(file: 'cli.js' | 'index.js'): string {
  const full = path.join(repoRoot, 'dist', file);
  if (!existsSync(full)) throw new Error(`${full} is missing: run npm run bundle`);
  return full;
}

/** Runs `node <script> args` the way a user or the runner does; env replaces (not extends) the parent's. */
export function runNode(script: string, args: string[], env: NodeJS.ProcessEnv): { code: number; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [script, ...args], { env: { PATH: process.env.PATH, ...env }, encoding: 'utf8', timeout: 60_000 });
  if (result.error) throw result.error;
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** A file that starts with a qcow2 header (magic "QFI\xfb", version 3) and is otherwise zero. */
export function qcow2File(dir: string): string {
  const file = path.join(dir, 'disk.qcow2');
  const bytes = Buffer.alloc(1024 * 1024);
  bytes.write('QFI\xfb', 0, 'latin1');
  bytes.writeUInt32BE(3, 4);
  writeFileSync(file, bytes);
  return file;
}
