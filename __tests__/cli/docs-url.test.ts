import { describe, expect, it } from '@jest/globals';
import { runCli } from '../../src/cli/run.js';
import { fixtureImage } from '../helpers/fixtures.js';

/** A fork's docs URL reaches every finding of a real check, in text, JSON and ##vso. */
describe('--docs-url and VHD_GATE_DOCS_URL', () => {
  it.each([
    ['--docs-url', ['--docs-url', 'https://github.com/me/fork/blob/main/docs/rules/'], {}],
    ['VHD_GATE_DOCS_URL', [], { VHD_GATE_DOCS_URL: 'https://github.com/me/fork/blob/main/docs/rules/' }],
  ])('%s: every finding links the fork', async (_name, flags, env) => {
    const image = await fixtureImage('generalized-with-traces.vhd');
    for (const format of ['json', 'text']) {
      const out: string[] = [];
      const code = await runCli(['check', image, '--os-state', 'generalized', '--format', format, ...flags], { stdout: (t) => out.push(t), stderr: () => {}, env: { ...env, TF_BUILD: 'True' } });
      expect(code).toBe(1);
      const printed = out.join('');
      const [report, vso] = [printed.slice(0, printed.indexOf('##vso')), printed.slice(printed.indexOf('##vso'))];
      if (format === 'json') {
        const findings = JSON.parse(report).findings as { ruleId: string; docs: string }[];
        expect(findings.length).toBeGreaterThan(0);
        for (const f of findings) expect(f.docs).toBe(`https://github.com/me/fork/blob/main/docs/rules/${f.ruleId}.md`);
      } else {
        expect(report).toMatch(/docs: {5}https:\/\/github\.com\/me\/fork\/blob\/main\/docs\/rules\/[A-Z0-9-]+\.md/);
        expect(report).not.toContain('vhd-gate/vhd-gate');
      }
      for (const issue of vso.split('\n').filter((l) => l.includes('task.logissue'))) expect(issue).toMatch(/ Docs: https:\/\/github\.com\/me\/fork\/blob\/main\/docs\/rules\/[A-Z0-9-]+\.md$/);
    }
  }, 60_000);

  it('inspect refuses it: it prints no findings', async () => {
    const err: string[] = [];
    const code = await runCli(['inspect', 'disk.vhd', '--docs-url', 'https://example.com/'], { stdout: () => {}, stderr: (t) => err.push(t), env: {} });
    expect(code).toBe(2);
    expect(err.join('')).toContain('--docs-url is a check option');
  });
});
