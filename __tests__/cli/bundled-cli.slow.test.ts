import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { bundled, qcow2File, repoRoot, runNode, tempDir } from './entry-helpers.js';
import { schemaVersion } from '../../src/report/json.js';
import { fixtureEntry, fixtureImage } from '../helpers/fixtures.js';
import { fixturePolicyFile } from '../helpers/fixture-policy.js';

/** dist/cli.js run as a user runs it (`vhd-gate` is its bin). */
describe('bundled dist/cli.js', () => {
  const cli = bundled('cli.js');
  const dir = tempDir('bundled-cli');

  it('starts with a shebang and is the package bin', () => {
    expect(readFileSync(cli, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
    expect(JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')).bin['vhd-gate']).toBe('dist/cli.js');
  });

  it('--version', () => {
    const r = runNode(cli, ['--version'], {});
    expect(r).toEqual({ code: 0, stdout: '0.1.0\n', stderr: '' });
  });

  it('a missing image: exit 2 and one line on stderr, no stack', () => {
    const missing = path.join(dir, 'nope.vhd');
    const r = runNode(cli, ['check', missing, '--os-state', 'generalized'], {});
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`vhd-gate: cannot inspect ${missing}: io (io): cannot open ${missing}: no such file\n`);
  });

  it('a qcow2 header: unsupported container', () => {
    const r = runNode(cli, ['check', qcow2File(dir), '--os-state', 'generalized'], {});
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/container \(unsupported\) at offset 0x0: .*qcow2/);
  });

  it('checks a real image and writes JSON', async () => {
    const r = runNode(cli, ['check', await fixtureImage('generalized-good.vhd'), '--os-state', 'generalized', '--hyper-v-generation', 'V2', '--format', 'json', '--config', fixturePolicyFile], {});
    const report = JSON.parse(r.stdout);
    expect(report.schemaVersion).toBe(schemaVersion); // the bundle reports what src/ does
    expect(report.detected.osState).toBe('generalized');
    expect(report.intent).toMatchObject({ osState: 'generalized', hyperVGeneration: 'V2' });
    const expected = fixtureEntry('generalized-good.vhd').expectations.find((e) => e.osState === 'Generalized' && e.hyperVGeneration === 'V2')!;
    expect(report.verdict).toBe(expected.pass ? 'pass' : 'fail');
    expect(r.code).toBe(expected.pass ? 0 : 1);
  });
});
