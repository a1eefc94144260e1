import { beforeAll, describe, expect, it } from '@jest/globals';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { fingerprintName } from '../../src/report/sarif.js';
import { qcow2File, repoRoot, tempDir } from '../cli/entry-helpers.js';
import { actionRun, cli } from '../helpers/every-output.js';
import { expectValidSarif as expectValid, type SarifLog as Log } from './sarif/validate.js';
import { fixturePolicyFile } from '../helpers/fixture-policy.js';

/**
 * `vhd-gate check --format sarif` on real fixture images (a failing, a passing, a rebuilt, an
 * uninspectable and the hostile guest): each log validates against the committed SARIF 2.1.0
 * schema, and fingerprints survive a rebuild. Slow tier: each check reads a whole image.
 */
const images = path.join(repoRoot, '__tests__/fixtures/images');
/** Decompresses a fixture image into `dir` (under `name` when given). */
function fixture(dir: string, gz: string, name = path.basename(gz, '.gz')): string {
  const file = path.join(dir, name);
  writeFileSync(file, gunzipSync(readFileSync(gz)));
  return file;
}

describe('the CLI on real fixture images', () => {
  let dir: string;
  beforeAll(() => {
    dir = tempDir('sarif');
  });

  it('a failing image: --format sarif --output FILE, exit 1, the expected rules, a text summary on stdout', async () => {
    const image = fixture(dir, path.join(images, 'generalized-with-traces.vhd.gz'));
    const out = path.join(dir, 'traces.sarif');
    const r = await cli(['check', image, '--os-state', 'generalized', '--hyper-v-generation', 'V2', '--format', 'sarif', '--output', out], {});
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('GEN-WAAGENT-MARKER');
    const log = expectValid(readFileSync(out, 'utf8'));
    const ids = new Set(log.runs[0].results.map((x: Log) => x.ruleId));
    for (const id of ['GEN-WAAGENT-MARKER', 'GEN-SSH-HOSTKEYS', 'GEN-USER-ACCOUNTS', 'GEN-MACHINE-ID', 'GEN-DHCP-LEASES', 'GEN-HISTORY', 'GEN-LOGS']) expect(ids).toContain(id);
    // Outside the current directory (a temp dir): the file name under IMAGEDIR.
    expect(log.runs[0].artifacts[0].location).toEqual({ uri: 'generalized-with-traces.vhd', uriBaseId: 'IMAGEDIR' });
    const lined = log.runs[0].results.flatMap((x: Log) => x.relatedLocations ?? []).filter((l: Log) => l.physicalLocation.region);
    expect(lined.length).toBeGreaterThan(0);
  });

  it('a passing image: exit 0, stdout is the SARIF log, no error-level result', async () => {
    const image = fixture(dir, path.join(images, 'generalized-good.vhd.gz'));
    const r = await cli(['check', image, '--os-state', 'generalized', '--hyper-v-generation', 'V2', '--format', 'sarif', '--config', fixturePolicyFile], {});
    expect(r.code).toBe(0);
    const results = expectValid(r.stdout).runs[0].results;
    // Warnings remain (KRN-UDF, and the two rules the fixture policy lowers): none fails the gate.
    expect(results.filter((x: Log) => x.level === 'error')).toEqual([]);
    expect(results.filter((x: Log) => x.level === 'warning').map((x: Log) => x.ruleId).sort()).toEqual(expect.arrayContaining(['KRN-HV-DRIVERS', 'PA-PYTHON']));
  });

  it('a rebuilt image with the same problems keeps its fingerprints; a rerun writes the same log', async () => {
    // The same guest as a fixed and as a dynamic VHD, under other names and folders: different bytes and offsets.
    const fixedDir = path.join(dir, 'build-41');
    const dynamicDir = path.join(dir, 'build-42');
    mkdirSync(fixedDir);
    mkdirSync(dynamicDir);
    const fixed = fixture(fixedDir, path.join(images, 'generalized-good.vhd.gz'), 'image-41.vhd');
    const dynamic = fixture(dynamicDir, path.join(images, 'generalized-good-dynamic.vhd.gz'), 'image-42.vhd');
    const sarif = async (image: string) => expectValid((await cli(['check', image, '--os-state', 'specialized', '--format', 'sarif'], {})).stdout);
    const prints = (log: Log) => new Map(log.runs[0].results.map((x: Log) => [x.ruleId, x.partialFingerprints[fingerprintName]]));
    const a = prints(await sarif(fixed));
    const b = prints(await sarif(dynamic));
    expect([...a.keys()]).toEqual(expect.arrayContaining(['SPEC-LOGIN-PATH', 'SPEC-NOT-DEPROVISIONED']));
    for (const [ruleId, print] of a) expect([ruleId, b.get(ruleId)]).toEqual([ruleId, print]);
    const copy = path.join(dir, 'copy.vhd');
    copyFileSync(fixed, copy);
    const first = (await cli(['check', copy, '--os-state', 'specialized', '--format', 'sarif'], {})).stdout;
    expect((await cli(['check', copy, '--os-state', 'specialized', '--format', 'sarif'], {})).stdout).toBe(first);
  });

  it('an image that cannot be inspected: exit 2, a valid log with IMAGE-UNREADABLE', async () => {
    const junk = qcow2File(dir);
    const out = path.join(dir, 'junk.sarif');
    const r = await cli(['check', junk, '--os-state', 'generalized', '--format', 'sarif', '--output', out], {});
    expect(r.code).toBe(2);
    const log = expectValid(readFileSync(out, 'utf8'));
    expect(log.runs[0].results.map((x: Log) => x.ruleId)).toEqual(['IMAGE-UNREADABLE']);
    expect(log.runs[0].invocations[0]).toMatchObject({ executionSuccessful: false, exitCode: 2 });
  });

  it('the hostile guest: valid, image text visible and inert, no bracket from the image opens a message link', async () => {
    const image = fixture(dir, path.join(repoRoot, '__tests__/fixtures/hostile/hostile.vhd.gz'));
    const r = await cli(['check', image, '--os-state', 'generalized', '--format', 'sarif'], {});
    const log = expectValid(r.stdout);
    expect(r.stdout).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/);
    const texts: string[] = log.runs[0].results.map((x: Log) => x.message.text);
    expect(texts.join('\n')).toContain('u##vso\\\\x5btask.setvariable'.replace(/\\\\/g, '\\'));
    // Every [ or ] in a message is escaped (\[ \]): SARIF reads [text](target) as a link.
    for (const text of texts) expect(text.replace(/\\[[\]\\]/g, '')).not.toMatch(/[[\]]/);
  });

  it('inspect refuses --format sarif (SARIF carries findings)', async () => {
    const r = await cli(['inspect', 'disk.vhd', '--format', 'sarif'], {});
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--format sarif is a check format');
  });
});

describe('the action with input sarif-file', () => {
  it('writes the SARIF log there and names it in output sarif-file; the image is relative to the workspace', async () => {
    const dir = tempDir('sarif-action');
    const image = fixture(dir, path.join(images, 'generalized-with-traces.vhd.gz'));
    const target = path.join(dir, 'results.sarif');
    const saved = process.env.GITHUB_WORKSPACE;
    process.env.GITHUB_WORKSPACE = dir;
    let run: Awaited<ReturnType<typeof actionRun>>;
    try {
      run = await actionRun({ image, 'os-state': 'generalized', 'sarif-file': 'results.sarif' });
    } finally {
      if (saved === undefined) delete process.env.GITHUB_WORKSPACE;
      else process.env.GITHUB_WORKSPACE = saved;
    }
    expect(run.outputs).toContain(`sarif-file<<`);
    expect(run.outputs).toContain(target);
    const log = expectValid(readFileSync(target, 'utf8'));
    expect(log.runs[0].artifacts[0].location).toEqual({ uri: 'generalized-with-traces.vhd', uriBaseId: '%SRCROOT%' });
    expect(log.runs[0].results.map((x: Log) => x.ruleId)).toContain('GEN-WAAGENT-MARKER');
    expect(JSON.parse(run.report).verdict).toBe('fail');
  });
});
