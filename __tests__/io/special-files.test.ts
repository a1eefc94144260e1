import { afterAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { closeSync, constants, existsSync, openSync, rmSync } from 'node:fs';
import path from 'node:path';
import { runCli } from '../../src/cli/run.js';
import { IoError } from '../../src/errors.js';
import { FileSource } from '../../src/io/file-source.js';
import { tempDir } from '../cli/entry-helpers.js';

/**
 * IMAGE that is not a disk: a FIFO (a plain open waits for a writer forever), a character
 * device (/dev/zero reads endlessly, /dev/null is empty). Each must end at once with exit 2
 * and an io/unsupported message naming what it is. A hang shows as the guard's rejection.
 */
const dir = tempDir('special-files');
const fifo = path.join(dir, 'image.vhd');
execFileSync('mkfifo', [fifo]);

afterAll(() => {
  // Should an open still wait on the FIFO (the bug), give it a writer so the worker thread ends.
  try {
    closeSync(openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK));
  } catch {
    // ENXIO: no reader is waiting, as it should be.
  }
  rmSync(dir, { recursive: true, force: true });
});

/** Rejects when `work` has not settled within `ms`: the hang guard. */
function within<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const guard = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`still running after ${ms} ms: a hang`)), ms);
  });
  return Promise.race([work, guard]).finally(() => clearTimeout(timer));
}

async function cli(argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await within(10_000, runCli(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env: {} }));
  return { code, stdout, stderr };
}

const cases: [string, string, string][] = [
  ['a FIFO', fifo, 'a FIFO (named pipe)'],
  ['/dev/zero', '/dev/zero', 'a character device'],
  ['/dev/null', '/dev/null', 'a character device'],
];

describe('IMAGE that is neither a regular file nor a block device', () => {
  it.each(cases)('%s: FileSource.open throws IoError unsupported, naming what it is', async (_what, file, kind) => {
    expect(existsSync(file)).toBe(true);
    const error = await within(10_000, FileSource.open(file)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IoError);
    expect((error as IoError).kind).toBe('unsupported');
    expect((error as IoError).message).toBe(`${file} is ${kind}: expected a regular file or a block device`);
  });

  it.each(cases)('%s: check exits 2 with one line naming the layer', async (_what, file, kind) => {
    const r = await cli(['check', file, '--os-state', 'generalized', '--hyper-v-generation', 'V2']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`vhd-gate: cannot inspect ${file}: io (unsupported): ${file} is ${kind}: expected a regular file or a block device\n`);
  });

  it.each(cases)('%s: inspect --format json exits 2 with an error report', async (_what, file) => {
    const r = await cli(['inspect', file, '--format', 'json']);
    expect(r.code).toBe(2);
    const report = JSON.parse(r.stdout);
    expect(report.verdict).toBe('error');
  });
});
