import { beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runCli, type CliIo } from '../../src/cli/run.js';
import { wantsColor } from '../../src/report/color.js';
import { tempDir } from '../cli/entry-helpers.js';
import { fixtureImage } from '../helpers/fixtures.js';

/**
 * The CLI end to end on a real fixture with a policy file: a VM disk captured without
 * deprovisioning (generalized-with-traces: six error rules, GEN-HISTORY twice, GEN-LOGS), checked as
 * generalized. Waivers decide the exit code; a broken policy file is exit 2 naming its line.
 */
async function cli(argv: string[], io: Partial<CliIo> = {}) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env: {}, ...io });
  return { code, stdout, stderr };
}

// PA-PYTHON: the fixture guests carry no python3 binary (their agents are unpacked packages).
const errorsOfTraces = ['GEN-WAAGENT-MARKER', 'GEN-WAAGENT-STATE', 'GEN-USER-ACCOUNTS', 'GEN-SSH-HOSTKEYS', 'GEN-MACHINE-ID', 'GEN-DHCP-LEASES', 'PA-PYTHON', 'KRN-HV-DRIVERS'];
const waiverOf = (rule: string, extra = '') => `  - rule: ${rule}\n    justification: accepted for the test image${extra}\n`;
let image: string;
let dir: string;
const policyFile = (name: string, text: string) => {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
};

beforeAll(async () => {
  image = await fixtureImage('generalized-with-traces.vhd');
  dir = tempDir('cli-policy');
});

describe('check with a policy file', () => {
  it('without waivers the image fails (exit 1)', async () => {
    const r = await cli(['check', image, '--os-state', 'generalized']);
    expect(r.code).toBe(1);
    expect(r.stdout.split('\n')[0]).toMatch(new RegExp(`^FAIL: \\d+ errors, \\d+ warnings, \\d+ info — ${image} as generalized$`));
  });

  it('every error waived: exit 0, the waived findings still listed with their justification', async () => {
    const config = policyFile('all.yml', `waivers:\n${errorsOfTraces.map((r) => waiverOf(r, '\n    expires: 2099-12-31')).join('')}`);
    const r = await cli(['check', image, '--os-state', 'generalized', '--config', config]);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toMatch(new RegExp(`^PASS: 0 errors, \\d+ warnings, \\d+ info \\(\\d+ waived\\) — ${image} as generalized$`));
    expect(r.stdout).toMatch(/\nWaived \(\d+\)\n {2}\[error\] GEN-WAAGENT-MARKER: /);
    expect(r.stdout).toContain(`      waived:   accepted for the test image (${config} line 2, expires 2099-12-31)`);
  });

  it('the same waivers in JSON: findings[].waiver, verdict pass', async () => {
    const config = policyFile('all-json.yml', `waivers:\n${errorsOfTraces.map((r) => waiverOf(r)).join('')}`);
    const r = await cli(['check', image, '--os-state', 'generalized', '--config', config, '--format', 'json']);
    const report = JSON.parse(r.stdout);
    expect(report.verdict).toBe('pass');
    expect([...new Set(report.findings.filter((f: { waiver: unknown }) => f.waiver).map((f: { ruleId: string }) => f.ruleId))].sort()).toEqual([...errorsOfTraces].sort());
    expect(report.findings[0].waiver).toEqual({ justification: 'accepted for the test image', expires: null, source: `${config} line 2` });
  });

  it('one waiver expired: its finding counts again (exit 1) and WAIVER-EXPIRED says so', async () => {
    const config = policyFile('expired.yml', `waivers:\n${errorsOfTraces.map((r) => waiverOf(r, r === 'GEN-MACHINE-ID' ? '\n    expires: 2020-01-31' : '')).join('')}`);
    const r = await cli(['check', image, '--os-state', 'generalized', '--config', config]);
    expect(r.code).toBe(1);
    expect(r.stdout.split('\n')[0]).toMatch(/^FAIL: 1 error, \d+ warnings, \d+ info \(\d+ waived\)/);
    expect(r.stdout).toMatch(/\[warning\] WAIVER-EXPIRED: the waiver of GEN-MACHINE-ID expired on 2020-01-31 \(today is \d{4}-\d\d-\d\d, UTC\), so it waives nothing: 1 finding it covered counts again/);
  });

  it('a path glob waives one of two GEN-HISTORY findings; with --fail-on warning the other still fails; a stale waiver warns', async () => {
    const config = policyFile(
      'glob.yml',
      `waivers:\n${errorsOfTraces.map((r) => waiverOf(r)).join('')}${waiverOf('GEN-HISTORY', '\n    path: /home/**')}${waiverOf('GEN-LOGS')}${waiverOf('NET-IFNAME')}`,
    );
    const r = await cli(['check', image, '--os-state', 'generalized', '--config', config, '--fail-on', 'warning', '--format', 'json']);
    const report = JSON.parse(r.stdout);
    const history = report.findings.filter((f: { ruleId: string }) => f.ruleId === 'GEN-HISTORY');
    expect(history.map((f: { evidence: { path: string }[]; waiver: unknown }) => [f.evidence[0]!.path, f.waiver !== null])).toEqual([
      ['/root/.bash_history', false],
      ['/home/packer/.bash_history', true],
    ]);
    expect(report.findings.find((f: { ruleId: string }) => f.ruleId === 'WAIVER-UNUSED')).toMatchObject({ severity: 'warning', evidence: [{ path: config, line: 2 + 2 * errorsOfTraces.length + 5 }] }); // the NET-IFNAME waiver, after the GEN-HISTORY (3 lines) and GEN-LOGS ones
    expect(r.code).toBe(1);
  });

  it('a severity override turns a warning into a failing error', async () => {
    const config = policyFile('override.yml', `waivers:\n${errorsOfTraces.map((r) => waiverOf(r)).join('')}severity:\n  GEN-LOGS: error\n`);
    const r = await cli(['check', image, '--os-state', 'generalized', '--config', config]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('[error] GEN-LOGS: ');
  });

  it('.vhd-gate.yml in the working directory is read without --config', async () => {
    const cwd = tempDir('cli-policy-cwd');
    writeFileSync(path.join(cwd, '.vhd-gate.yml'), `waivers:\n${errorsOfTraces.map((r) => waiverOf(r)).join('')}`);
    const r = await cli(['check', image, '--os-state', 'generalized'], { cwd });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('(.vhd-gate.yml line 2)');
  });

  it.each<[string, string]>([
    ['waivers:\n  - rule: GEN-HISTORY\n', 'line 2: waiver of GEN-HISTORY without `justification`'],
    ['severity:\n  GEN-LOGS: loud\n', 'line 2: severity of GEN-LOGS must be error, warning or info'],
  ])('a schema error is a usage error (exit 2) naming file and line: %j', async (text, message) => {
    const config = policyFile('bad.yml', text);
    const r = await cli(['check', image, '--os-state', 'generalized', '--config', config]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.startsWith(`vhd-gate: ${config} ${message}`)).toBe(true);
  });

  it('a missing --config is exit 2', async () => {
    const r = await cli(['check', image, '--os-state', 'generalized', '--config', path.join(dir, 'nope.yml')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('cannot read --config');
  });
});

describe('output for people', () => {
  it('--quiet prints only the verdict line; the exit code is unchanged', async () => {
    const r = await cli(['check', image, '--os-state', 'generalized', '--quiet']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(new RegExp(`^FAIL: \\d+ errors, \\d+ warnings, \\d+ info — ${image} as generalized\n$`));
  });

  it('--quiet with --output: the file has the full report, stdout the verdict line', async () => {
    const out = path.join(dir, 'report.txt');
    const r = await cli(['check', image, '--os-state', 'generalized', '-q', '--output', out]);
    expect(r.stdout.split('\n')).toHaveLength(2);
    expect(readFileSync(out, 'utf8')).toMatch(/\nErrors \(\d+\)\n/);
  });

  it('--quiet is a check option', async () => {
    expect((await cli(['inspect', image, '--quiet'])).code).toBe(2);
  });

  it.each<[string, NodeJS.ProcessEnv, boolean, boolean]>([
    ['a terminal', {}, true, true],
    ['a pipe', {}, false, false],
    ['a terminal with NO_COLOR', { NO_COLOR: '1' }, true, false],
    ['a terminal with an empty NO_COLOR', { NO_COLOR: '' }, true, true],
    ['a pipe with FORCE_COLOR', { FORCE_COLOR: '1' }, false, true],
    ['FORCE_COLOR=0 on a terminal', { FORCE_COLOR: '0' }, true, false],
    ['FORCE_COLOR over NO_COLOR', { FORCE_COLOR: '1', NO_COLOR: '1' }, false, true],
    ['TERM=dumb', { TERM: 'dumb' }, true, false],
  ])('colour on %s: %j', async (_name, env, isTTY, coloured) => {
    expect(wantsColor(env, isTTY)).toBe(coloured);
    const r = await cli(['check', image, '--os-state', 'generalized'], { env, isTTY });
    expect(r.stdout.includes('\x1b[')).toBe(coloured);
    if (coloured) {
      expect(r.stdout.startsWith('\x1b[1m\x1b[31mFAIL: ')).toBe(true);
      expect(r.stdout).toContain('\x1b[31m  [error] GEN-WAAGENT-MARKER');
    }
  });

  it('never colours JSON or --output files, even when forced', async () => {
    const out = path.join(dir, 'forced.txt');
    const forced = { env: { FORCE_COLOR: '1' }, isTTY: true };
    const json = await cli(['check', image, '--os-state', 'generalized', '--format', 'json'], forced);
    expect(json.stdout.includes('\x1b')).toBe(false);
    const file = await cli(['check', image, '--os-state', 'generalized', '--output', out], forced);
    expect(file.stdout.includes('\x1b[')).toBe(true);
    expect(readFileSync(out, 'utf8').includes('\x1b')).toBe(false);
  });
});
