import { describe, expect, it } from '@jest/globals';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

/**
 * GitHub cannot run here, so the workflows are checked as data: they parse, CI runs .ci/run on
 * Node 20 and 24, check-dist rebuilds dist/, and the self-test's `uses: ./` steps pass only inputs
 * action.yml declares, read only outputs it declares, gate fixture images that exist, and expect
 * what the fixture manifest says those images give.
 */
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const workflowDir = path.join(repoRoot, '.github/workflows');

/* eslint-disable @typescript-eslint/no-explicit-any -- workflows are read as plain YAML data */
type Step = { id?: string; uses?: string; run?: string; with?: Record<string, unknown>; env?: Record<string, string>; 'continue-on-error'?: boolean };
const workflow = (name: string): any => parse(readFileSync(path.join(workflowDir, name), 'utf8'));
const action = parse(readFileSync(path.join(repoRoot, 'action.yml'), 'utf8')) as { inputs: Record<string, { required?: boolean }>; outputs: Record<string, unknown>; branding: { icon: string; color: string } };
const steps = (wf: any): Step[] => Object.values(wf.jobs as Record<string, { steps: Step[] }>).flatMap((j) => j.steps);

describe('GitHub workflows', () => {
  const files = readdirSync(workflowDir);

  it('are ci, check-dist and self-test, each parsing with triggers, jobs and read-only permissions', () => {
    expect(files.sort()).toEqual(['check-dist.yml', 'ci.yml', 'self-test.yml']);
    for (const file of files) {
      const wf = workflow(file);
      expect([file, Object.keys(wf.on)]).toEqual([file, expect.arrayContaining(['push', 'pull_request'])]);
      expect([file, wf.permissions]).toEqual([file, { contents: 'read' }]);
      expect(Object.keys(wf.jobs).length).toBeGreaterThan(0);
      for (const step of steps(wf)) expect([file, step.uses ?? step.run]).toEqual([file, expect.any(String)]);
    }
  });

  it('ci runs .ci/run on Node 20 and 24', () => {
    const wf = workflow('ci.yml');
    expect(wf.jobs.ci['runs-on']).toBe('ubuntu-latest');
    expect(wf.jobs.ci.strategy.matrix.node).toEqual([20, 24]);
    const s = steps(wf);
    expect(s.find((x) => x.uses?.startsWith('actions/setup-node@'))?.with?.['node-version']).toBe('${{ matrix.node }}');
    expect(s.map((x) => x.run)).toContain('bash .ci/run');
    expect(existsSync(path.join(repoRoot, '.ci/run'))).toBe(true);
  });

  it('check-dist rebuilds dist/ with the package script and fails on a diff', () => {
    const runs = steps(workflow('check-dist.yml')).map((x) => x.run ?? '');
    expect(runs).toContain('npm ci --no-audit --no-fund');
    expect(runs).toContain('npm run bundle');
    expect(runs.join('\n')).toMatch(/git status --porcelain -- dist[\s\S]*exit 1/);
    expect(JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')).scripts.bundle).toContain('rollup');
  });

  describe('self-test', () => {
    const s = steps(workflow('self-test.yml'));
    const local = s.filter((x) => x.uses === './');
    const manifest = JSON.parse(readFileSync(path.join(repoRoot, '__tests__/fixtures/images/manifest.json'), 'utf8')) as {
      images: { name: string; expectations: { osState: string; hyperVGeneration: string; pass: boolean; trips: string[] }[] }[];
    };
    const text = readFileSync(path.join(workflowDir, 'self-test.yml'), 'utf8');

    it('runs the action from the checkout at least twice, each step with an id', () => {
      expect(local.length).toBeGreaterThanOrEqual(2);
      for (const step of local) expect(step.id).toMatch(/^[a-z-]+$/);
    });

    it('passes only inputs action.yml declares, and every required one', () => {
      for (const step of local) {
        const given = Object.keys(step.with ?? {});
        expect([step.id, given.filter((name) => !(name in action.inputs))]).toEqual([step.id, []]);
        const required = Object.entries(action.inputs).filter(([, i]) => i.required).map(([name]) => name);
        expect([step.id, required.filter((name) => !given.includes(name))]).toEqual([step.id, []]);
      }
    });

    it('reads only outputs action.yml declares, of steps that run it', () => {
      const refs = [...text.matchAll(/steps\.([a-z-]+)\.outputs\.([a-z-]+)/g)];
      expect(refs.length).toBeGreaterThan(3);
      for (const [, id, output] of refs) {
        expect(local.map((x) => x.id)).toContain(id);
        expect(Object.keys(action.outputs)).toContain(output);
      }
    });

    it('gates fixture images that exist, expecting what the manifest says they give', () => {
      const unpacked = new Map([...text.matchAll(/gunzip -c (\S+) > "\$RUNNER_TEMP\/([\w.-]+)"/g)].map((m) => [m[2]!, m[1]!]));
      expect(unpacked.size).toBeGreaterThanOrEqual(2);
      for (const gz of unpacked.values()) expect([gz, existsSync(path.join(repoRoot, gz))]).toEqual([gz, true]);
      for (const step of local) {
        const file = String(step.with!.image).replace('${{ runner.temp }}/', '');
        const image = path.basename(unpacked.get(file)!, '.gz');
        const osState = String(step.with!['os-state']).replace(/^./, (c) => c.toUpperCase());
        const expectation = manifest.images.find((i) => i.name === image)!.expectations.find((e) => e.osState === osState && e.hyperVGeneration === step.with!['hyper-v-generation'])!;
        expect([step.id, expectation]).toEqual([step.id, expect.any(Object)]);
        // The check step after it: the verdict it expects, and the rule IDs it looks for.
        const check = s[s.indexOf(step) + 1]!;
        const expectedVerdict = /test "\$VERDICT" = (\w+)/.exec(check.run ?? '')?.[1];
        expect([step.id, expectedVerdict]).toEqual([step.id, expectation.pass ? 'pass' : 'fail']);
        if (!expectation.pass) {
          expect(step['continue-on-error']).toBe(true);
          const rules = /for rule in ([A-Z0-9 -]+); do/.exec(check.run ?? '')?.[1]?.trim().split(/\s+/) ?? [];
          expect(rules.length).toBeGreaterThan(0);
          expect(expectation.trips).toEqual(expect.arrayContaining(rules));
        }
      }
    });
  });

  it('action.yml has branding (icon and colour from GitHub Marketplace sets)', () => {
    expect(action.branding.icon).toBe('shield');
    expect(['white', 'yellow', 'blue', 'green', 'orange', 'red', 'purple', 'gray-dark']).toContain(action.branding.color);
  });
});
