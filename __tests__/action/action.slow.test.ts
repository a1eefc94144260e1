import { describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { bundled, repoRoot, runNode, tempDir } from '../cli/entry-helpers.js';
import { fixtureEntry, fixtureImage } from '../helpers/fixtures.js';
import { fixturePolicyFile } from '../helpers/fixture-policy.js';

/**
 * The action run as the runner runs it: `node dist/index.js` with INPUT_<NAME> variables
 * (name upper-cased, hyphens kept: INPUT_OS-STATE), GITHUB_OUTPUT and GITHUB_STEP_SUMMARY
 * files and RUNNER_TEMP.
 */
function runAction(inputs: Record<string, string>) {
  const dir = tempDir('action');
  const env: NodeJS.ProcessEnv = {
    GITHUB_OUTPUT: path.join(dir, 'output'),
    GITHUB_STEP_SUMMARY: path.join(dir, 'summary.md'),
    RUNNER_TEMP: dir,
  };
  writeFileSync(env.GITHUB_OUTPUT!, '');
  writeFileSync(env.GITHUB_STEP_SUMMARY!, '');
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
  const r = runNode(bundled('index.js'), [], env);
  return {
    ...r,
    dir,
    outputs: parseOutputs(readFileSync(env.GITHUB_OUTPUT!, 'utf8')),
    summary: readFileSync(env.GITHUB_STEP_SUMMARY!, 'utf8'),
  };
}

/** GITHUB_OUTPUT holds `name<<DELIM\nvalue\nDELIM\n` blocks (@actions/core prepareKeyValueMessage). */
function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const block = /^([^\n<]+)<<(\S+)\n([\s\S]*?)\n\2\n/gm;
  for (const m of text.matchAll(block)) outputs[m[1]!] = m[3]!;
  return outputs;
}

describe('action.yml', () => {
  const action = parseYaml(readFileSync(path.join(repoRoot, 'action.yml'), 'utf8'));
  it('runs dist/index.js on node24 with the documented inputs and outputs', () => {
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/index.js' });
    // Every input the action reads is declared, and every declared input is read (src/main.ts).
    const read = [...readFileSync(path.join(repoRoot, 'src/main.ts'), 'utf8').matchAll(/getInput\('([a-z-]+)'\)/g)].map((m) => m[1]);
    expect(Object.keys(action.inputs).sort()).toEqual([...new Set(read)].sort());
    expect(Object.keys(action.inputs).slice(0, 4)).toEqual(['image', 'os-state', 'hyper-v-generation', 'image-definition']);
    expect(action.inputs.image.required).toBe(true);
    expect(action.inputs['fail-on'].default).toBe('error');
    expect(action.inputs.comment.default).toBe('auto');
    expect(action.inputs['github-token'].default).toBe('${{ github.token }}');
    expect(Object.keys(action.outputs)).toEqual(['verdict', 'detected-os-state', 'findings', 'report', 'sarif-file', 'comment-url']);
  });
});

describe('dist/index.js end to end', () => {
  it('caller mistakes fail the step naming the input, before any image is read', () => {
    const cases: [Record<string, string>, string][] = [
      [{ 'OS-STATE': 'generalized' }, '::error::vhd-gate: input image is required'],
      [{ IMAGE: 'x.vhd', 'OS-STATE': 'sysprepped' }, '::error::vhd-gate: input os-state: "sysprepped" is not an OS state'],
      [{ IMAGE: 'x.vhd', 'OS-STATE': 'generalized', 'FAIL-ON': 'info' }, '::error::vhd-gate: input fail-on: "info" is not one of error, warning'],
      [{ IMAGE: 'x.vhd' }, '::error::vhd-gate: check needs input os-state or an image definition with osState'],
    ];
    for (const [inputs, message] of cases) {
      const r = runAction(inputs);
      expect(r.code).toBe(1);
      expect(r.stdout).toContain(message);
      expect(r.outputs).toEqual({});
    }
  });

  it('an image that cannot be inspected: verdict error, a JSON error report, a summary, exit 1', () => {
    const r = runAction({ IMAGE: '/nonexistent/disk.vhd', 'OS-STATE': 'Generalized' });
    expect(r.code).toBe(1);
    expect(r.outputs.verdict).toBe('error');
    expect(r.outputs.findings).toBe('0');
    expect(r.outputs.report).toBe(path.join(r.dir, 'vhd-gate-report.json'));
    const report = JSON.parse(readFileSync(r.outputs.report!, 'utf8'));
    expect(report.error).toEqual({ layer: 'io', kind: 'io', offset: null, path: null, budget: null, message: 'cannot open /nonexistent/disk.vhd: no such file' });
    expect(r.summary).toContain('## vhd-gate: ERROR — /nonexistent/disk.vhd');
    expect(r.stdout).toContain('::error::vhd-gate: cannot inspect /nonexistent/disk.vhd: io (io): cannot open /nonexistent/disk.vhd: no such file');
  });

  it('specialized-good checked as generalized: fail, findings annotated with rule IDs, summary table, report', async () => {
    expect(fixtureEntry('specialized-good.vhd').expectations.find((e) => e.osState === 'Generalized')!.pass).toBe(false);
    const r = runAction({ IMAGE: await fixtureImage('specialized-good.vhd'), 'OS-STATE': 'generalized', 'HYPER-V-GENERATION': 'V2' });
    const report = JSON.parse(readFileSync(r.outputs.report!, 'utf8'));
    expect(r.outputs.verdict).toBe('fail');
    expect(report.verdict).toBe('fail');
    expect(r.outputs['detected-os-state']).toBe('specialized');
    expect(r.outputs.findings).toBe(String(report.findings.length));
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/::error title=GEN-WAAGENT-MARKER::/);
    expect(r.stdout).toMatch(/::error::vhd-gate: \d+ findings? at or above error \(.*GEN-WAAGENT-MARKER.*\)/);
    expect(r.summary).toContain('### Intent vs detected');
    expect(r.summary).toContain('Detected OS state: **specialized** (differs from the intended generalized)');
    expect(r.summary).toContain('| error | [GEN-WAAGENT-MARKER](https://github.com/vhd-gate/vhd-gate/blob/main/docs/rules/GEN-WAAGENT-MARKER.md) |');
  });

  it('input docs-url: the summary and the annotations link a fork\'s rule pages', async () => {
    const fork = 'https://github.com/me/fork/blob/main/docs/rules/';
    const r = runAction({ IMAGE: await fixtureImage('specialized-good.vhd'), 'OS-STATE': 'generalized', 'DOCS-URL': fork });
    expect(r.code).toBe(1);
    expect(r.summary).toContain(`| error | [GEN-WAAGENT-MARKER](${fork}GEN-WAAGENT-MARKER.md) |`);
    expect(r.summary).not.toContain('vhd-gate/vhd-gate/blob');
    expect(r.stdout).toMatch(/::error title=GEN-WAAGENT-MARKER::.*%0ADocs: https:\/\/github\.com\/me\/fork\/blob\/main\/docs\/rules\/GEN-WAAGENT-MARKER\.md/);
  });

  it('generalized-good checked against an image-definition file: pass, exit 0', async () => {
    expect(fixtureEntry('generalized-good.vhd').passesFor).toContainEqual({ osState: 'Generalized', hyperVGeneration: 'V2' });
    const dir = tempDir('action-def');
    const def = path.join(dir, 'def.json');
    writeFileSync(def, readFileSync(path.join(repoRoot, '__tests__/data/intent/az-show-generalized-features.json')));
    const r = runAction({ IMAGE: await fixtureImage('generalized-good.vhd'), 'IMAGE-DEFINITION': def, CONFIG: fixturePolicyFile });
    expect(r.stdout).not.toContain('::error');
    expect(r.code).toBe(0);
    expect(r.outputs.verdict).toBe('pass');
    expect(r.outputs['detected-os-state']).toBe('generalized');
    const report = JSON.parse(readFileSync(r.outputs.report!, 'utf8'));
    expect(report.intent.sources.osState).toBe(def);
    expect(report.intent.securityType).toBe('TrustedLaunchSupported');
    expect(r.summary).toContain('## vhd-gate: PASS');
    expect(existsSync(path.join(r.dir, 'vhd-gate-report.json'))).toBe(true);
  });
});
