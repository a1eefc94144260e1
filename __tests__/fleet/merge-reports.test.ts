import { beforeAll, describe, expect, it } from '@jest/globals';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { tempDir } from '../cli/entry-helpers.js';
import { fixtureImage } from '../helpers/fixtures.js';
import { cli } from './cli-run.js';
import { fixturePolicyFile } from '../helpers/fixture-policy.js';

/**
 * merge-reports over real reports: each made by `vhd-gate check --format json --output` on a
 * fixture image, as the gate jobs of a fleet audit make them, plus the reports a broken leg
 * leaves (none, or another schema).
 */
const dir = tempDir('merge');
const reports: Record<string, string> = {};

async function check(name: string, image: string, osState: string) {
  const output = path.join(dir, `${name}.json`);
  const r = await cli(['check', image, '--os-state', osState, '--hyper-v-generation', 'V2', '--format', 'json', '--output', output, '--config', fixturePolicyFile]);
  reports[name] = output;
  return r.code;
}

beforeAll(async () => {
  expect(await check('good', await fixtureImage('generalized-good.vhd'), 'generalized')).toBe(0);
  expect(await check('specialized-as-generalized', await fixtureImage('specialized-good.vhd'), 'generalized')).toBe(1);
  // A caller-named path full of Markdown and HTML: the table must show it, not render it.
  const hostile = path.join(dir, 'a|<b>*x*<i>.vhd');
  copyFileSync(await fixtureImage('generalized-with-traces.vhd'), hostile);
  expect(await check('traces', hostile, 'generalized')).toBe(1);
  expect(await check('missing', path.join(dir, 'nonexistent.vhd'), 'generalized')).toBe(2);
  reports.old = path.join(dir, 'old.json');
  writeFileSync(reports.old, JSON.stringify({ schemaVersion: 1, verdict: 'pass', findings: [] }));
  reports.absent = path.join(dir, 'absent.json');
}, 120_000);

describe('vhd-gate merge-reports', () => {
  it('JSON: every report a row, worst first; unreadable and foreign reports are rows with verdict error', async () => {
    const r = await cli(['merge-reports', ...Object.values(reports), '--format', 'json']);
    expect(r.code).toBe(1);
    const merged = JSON.parse(r.stdout);
    expect(merged.schemaVersion).toBe(1);
    expect(merged.kind).toBe('merged');
    expect(merged.totals).toEqual({ images: 6, pass: 1, fail: 2, error: 3 });
    expect(merged.images.map((i: { verdict: string }) => i.verdict)).toEqual(['fail', 'fail', 'error', 'error', 'error', 'pass']);
    // Within a verdict, more errors first.
    const [first, second] = merged.images;
    expect(first.counts.error).toBeGreaterThanOrEqual(second.counts.error);
    const specialized = merged.images.find((i: { report: string }) => i.report === reports['specialized-as-generalized']);
    const report = JSON.parse(readFileSync(reports['specialized-as-generalized']!, 'utf8'));
    expect(specialized.counts.error).toBe(report.findings.filter((f: { severity: string }) => f.severity === 'error').length);
    expect(specialized.rules).toContainEqual({ ruleId: 'GEN-WAAGENT-MARKER', severity: 'error' });
    expect(specialized.intended).toEqual({ osState: 'generalized', hyperVGeneration: 'V2' });
    expect(specialized.detected).toBe('specialized');
    const byReport = (file: string) => merged.images.find((i: { report: string }) => i.report === file);
    expect(byReport(reports.missing!).error).toContain('no such file');
    expect(byReport(reports.old!).error).toContain('schemaVersion 1; merge-reports reads version 2');
    expect(byReport(reports.absent!).error).toBe('cannot read the report: no such file');
    expect(merged.rules.find((t: { ruleId: string }) => t.ruleId === 'GEN-WAAGENT-MARKER')).toEqual({ ruleId: 'GEN-WAAGENT-MARKER', severity: 'error', images: 2 });
    expect(merged.rules.find((t: { ruleId: string }) => t.ruleId === 'GEN-AUTHORIZED-KEYS')).toEqual({ ruleId: 'GEN-AUTHORIZED-KEYS', severity: 'error', images: 1 });
  });

  it('Markdown for the job summary: headline, a row per image, caller text shown and not rendered', async () => {
    const r = await cli(['merge-reports', ...Object.values(reports), '--format', 'markdown']);
    expect(r.code).toBe(1);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('## vhd-gate fleet audit: 6 images: 2 fail, 3 could not be inspected, 1 pass');
    expect(lines).toContain('| Verdict | Image | Intended | Detected | Findings | Rules |');
    expect(r.stdout).toContain('| **FAIL** | ');
    expect(r.stdout).toContain('`GEN-WAAGENT-MARKER`');
    // In a code span HTML shows literally; only the table's | needs its escape.
    expect(r.stdout).toMatch(/\| `[^`|]*a\\\|<b>\*x\*<i>\.vhd` \|/);
    expect(r.stdout).toContain('### Rules across the fleet');
    const rows = lines.filter((l) => /^\| (PASS|\*\*FAIL\*\*|\*\*ERROR\*\*) /.test(l));
    expect(rows).toHaveLength(6);
    for (const row of rows) expect(row.split(/(?<!\\)\|/)).toHaveLength(8);
  });

  it('text: aligned columns, exit 0 when every image passed', async () => {
    const r = await cli(['merge-reports', reports.good!]);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n').slice(0, 4)).toEqual([
      'vhd-gate: 1 image: 0 fail, 0 could not be inspected, 1 pass',
      '',
      expect.stringMatching(/^VERDICT +IMAGE +INTENDED +DETECTED +FINDINGS +RULES \/ ERROR$/),
      expect.stringMatching(/^PASS +\S+generalized-good\.vhd +generalized V2 +generalized +0 errors, \d+ warnings?/),
    ]);
  });

  it.each([
    [['merge-reports'], 'merge-reports needs at least one REPORT.json'],
    [['merge-reports', 'a.json', '--format', 'sarif'], '--format: "sarif" is not one of text, markdown, json'],
  ])('%j exits 2: %s', async (argv, message) => {
    const r = await cli(argv);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
  });
});
