import { afterAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fixtureImage } from '../helpers/fixtures.js';
import { bundled, qcow2File, runNode, tempDir } from '../cli/entry-helpers.js';

/**
 * The bundled CLI (run `npm run bundle` first) on input it cannot inspect: exit 2, exactly one
 * line on stderr naming the layer, kind and offset, no stack trace; with --format json a JSON
 * report with verdict "error" on stdout. The image is never written to: its mtime and SHA-256
 * are the same after every run.
 */
const cli = bundled('cli.js');
const dir = tempDir('robustness-cli');

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** One bad input: how to make it, and the layer/kind the one stderr line must name. */
const cases: [string, () => Promise<string>, RegExp][] = [
  [
    'a fixed VHD cut inside its footer',
    async () => {
      const file = path.join(dir, 'cut-footer.vhd');
      copyFileSync(await fixtureImage('generalized-good.vhd'), file);
      truncateSync(file, statSync(file).size - 200);
      return file;
    },
    /container \(corrupt\) at offset 0x4000000: .* ends 312 bytes into a VHD footer/,
  ],
  ['a qcow2 header', async () => qcow2File(dir), /container \(unsupported\) at offset 0x0: .*qcow2 image/],
  [
    'a zero-length file',
    async () => {
      const file = path.join(dir, 'empty.vhd');
      writeFileSync(file, '');
      return file;
    },
    /container \(corrupt\) at offset 0x0: .* is empty/,
  ],
  [
    'a directory',
    async () => {
      const sub = path.join(dir, 'a-directory.vhd');
      mkdirSync(sub, { recursive: true });
      return sub;
    },
    /io \(unsupported\): .* is a directory: expected a regular file or a block device/,
  ],
  ['a missing file', async () => path.join(dir, 'missing.vhd'), /io \(io\): cannot open .*: no such file/],
];

/** What proves the file was not touched: its mtime and content hash (undefined when it is not a file). */
function fingerprint(file: string): { mtimeMs: number; sha256: string } | undefined {
  if (!existsSync(file) || !statSync(file).isFile()) return undefined;
  return { mtimeMs: statSync(file).mtimeMs, sha256: createHash('sha256').update(readFileSync(file)).digest('hex') };
}

/** The stderr of a run that could not inspect: one line, the layer named, no stack frame. */
function expectOneCleanLine(stderr: string, image: string, layer: RegExp): void {
  const lines = stderr.split('\n');
  expect(lines).toHaveLength(2); // one line and its newline
  expect(lines[0]).toMatch(new RegExp(`^vhd-gate: cannot inspect ${image.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: `));
  expect(lines[0]).toMatch(layer);
  expect(stderr).not.toMatch(/^\s+at /m);
  expect(stderr).not.toMatch(/internal error/);
}

describe('the bundled CLI on input it cannot inspect', () => {
  it.each(cases)('%s: check, text', async (_what, make, layer) => {
    const image = await make();
    const before = fingerprint(image);
    const r = runNode(cli, ['check', image, '--os-state', 'generalized', '--hyper-v-generation', 'V2'], {});
    expect(r.code).toBe(2);
    expectOneCleanLine(r.stderr, image, layer);
    expect(fingerprint(image)).toEqual(before);
  });

  it.each(cases)('%s: check, JSON', async (_what, make, layer) => {
    const image = await make();
    const before = fingerprint(image);
    const r = runNode(cli, ['check', image, '--os-state', 'generalized', '--hyper-v-generation', 'V2', '--format', 'json'], {});
    expect(r.code).toBe(2);
    expectOneCleanLine(r.stderr, image, layer);
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({ verdict: 'error', image: { source: image }, intent: { osState: 'generalized', hyperVGeneration: 'V2' } });
    expect(`${report.error.layer} (${report.error.kind})`).toMatch(/^(io|container) \((io|unsupported|corrupt)\)$/);
    expect(fingerprint(image)).toEqual(before);
  });

  it.each(cases)('%s: inspect', async (_what, make, layer) => {
    const image = await make();
    const before = fingerprint(image);
    const r = runNode(cli, ['inspect', image], {});
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expectOneCleanLine(r.stderr, image, layer);
    expect(fingerprint(image)).toEqual(before);
  });

  it('leaves a good image untouched too (read-only open, no write-back)', async () => {
    const image = path.join(dir, 'good.vhd');
    copyFileSync(await fixtureImage('generalized-good-dynamic.vhd'), image);
    const before = fingerprint(image);
    expect(before).toBeDefined();
    const r = runNode(cli, ['check', image, '--os-state', 'generalized', '--hyper-v-generation', 'V2', '--format', 'json'], {});
    expect([0, 1]).toContain(r.code);
    expect(JSON.parse(r.stdout).verdict).toMatch(/^(pass|fail)$/);
    expect(fingerprint(image)).toEqual(before);
  });
});
