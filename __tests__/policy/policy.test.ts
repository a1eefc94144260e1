import { describe, expect, it } from '@jest/globals';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { applyPolicy, isExpired, policyRuleIds } from '../../src/policy/apply.js';
import { loadPolicy, parsePolicy } from '../../src/policy/config.js';
import { compileGlob } from '../../src/policy/glob.js';
import { rules } from '../../src/rules/index.js';
import type { Finding } from '../../src/rules/types.js';
import { tempDir } from '../cli/entry-helpers.js';

const known = [...rules.map((r) => r.id), ...policyRuleIds];
const parse = (text: string) => parsePolicy(text, '.vhd-gate.yml', known);

describe('path globs', () => {
  it.each<[string, string, boolean]>([
    ['/home/*/.bash_history', '/home/alice/.bash_history', true],
    ['/home/*/.bash_history', '/home/alice/sub/.bash_history', false],
    ['/home/**', '/home/alice/sub/.bash_history', true],
    ['/etc/**/x.conf', '/etc/x.conf', true],
    ['/etc/**/x.conf', '/etc/a/b/x.conf', true],
    ['/var/log/*.log', '/var/log/syslog', false],
    ['/var/log/?yslog', '/var/log/syslog', true],
    ['/etc/ssh/ssh_host_[er]*_key', '/etc/ssh/ssh_host_ed25519_key', true],
    ['/etc/ssh/ssh_host_[!er]*_key', '/etc/ssh/ssh_host_ed25519_key', false],
    ['/etc/netplan/50-cloud-init.yaml', '/etc/netplan/50-cloud-init.yaml', true],
    ['/etc/netplan/50-cloud-init.yaml', '/etc/netplan/50-cloud-initXyaml', false],
    ['/a+b(c)', '/a+b(c)', true],
  ])('%s against %s: %s', (glob, file, expected) => {
    expect(compileGlob(glob).test(file)).toBe(expected);
  });
});

describe('policy file schema', () => {
  it('reads waivers and severity overrides, with their lines', () => {
    const policy = parse(
      [
        '# team policy',
        'waivers:',
        '  - rule: GEN-HISTORY',
        '    path: /home/*/.bash_history',
        '    justification: build user history, removed at first boot by our agent',
        '    expires: 2027-01-31',
        '  - rule: NET-IFNAME',
        '    justification: "pinned on purpose"',
        'severity:',
        '  NET-DHCP-PRIMARY: error',
        '  GEN-LOGS: Info',
      ].join('\n'),
    );
    expect(policy.waivers.map(({ pattern, ...w }) => ({ ...w, glob: pattern !== undefined }))).toEqual([
      { rule: 'GEN-HISTORY', path: '/home/*/.bash_history', justification: 'build user history, removed at first boot by our agent', expires: '2027-01-31', source: '.vhd-gate.yml line 3', file: '.vhd-gate.yml', line: 3, glob: true },
      { rule: 'NET-IFNAME', justification: 'pinned on purpose', source: '.vhd-gate.yml line 7', file: '.vhd-gate.yml', line: 7, glob: false },
    ]);
    expect(policy.severity).toEqual({ 'NET-DHCP-PRIMARY': 'error', 'GEN-LOGS': 'info' });
  });

  it.each(['', '# only a comment\n', 'waivers:\nseverity:\n'])('an empty file is an empty policy: %j', (text) => {
    expect(parse(text)).toEqual({ file: '.vhd-gate.yml', waivers: [], severity: {} });
  });

  it.each<[string, string]>([
    ['waivers:\n  - rule: GEN-HISTORY\n', 'line 2: waiver of GEN-HISTORY without `justification`'],
    ['waivers:\n  - rule: GEN-HISTORY\n    justification: "  "\n', 'line 3: waiver justification must be a non-empty string'],
    ['waivers:\n  - justification: x\n', 'line 2: waiver without `rule`'],
    ['waivers:\n  - rule: GEN-HISTROY\n    justification: x\n', 'line 2: unknown rule ID "GEN-HISTROY" (did you mean GEN-HISTORY?)'],
    ['waivers:\n  - rule: gen-history\n    justification: x\n', 'line 2: unknown rule ID "gen-history" (did you mean GEN-HISTORY?)'],
    ['waivers:\n  - rule: GEN-HISTORY\n    justification: x\n    expires: 2027-02-30\n', 'line 4: waiver expires must be a date YYYY-MM-DD, not "2027-02-30"'],
    ['waivers:\n  - rule: GEN-HISTORY\n    justification: x\n    expires: 31.01.2027\n', 'line 4: waiver expires must be a date YYYY-MM-DD'],
    ['waivers:\n  - rule: GEN-HISTORY\n    justfication: x\n', 'line 3: unknown waiver key "justfication"'],
    ['waivers:\n  rule: GEN-HISTORY\n', 'line 1: `waivers` must be a list'],
    ['waivers:\n  - GEN-HISTORY\n', 'line 2: a waiver is a mapping'],
    ['severity:\n  NET-DHCP-PRIMARY: fatal\n', 'line 2: severity of NET-DHCP-PRIMARY must be error, warning or info, not "fatal"'],
    ['severity:\n  NOPE-RULE: error\n', 'line 2: unknown rule ID "NOPE-RULE"'],
    ['severity: error\n', 'line 1: `severity` must map rule IDs'],
    ['waiver:\n  - rule: GEN-HISTORY\n', 'line 1: unknown key "waiver": expected waivers or severity'],
    ['- rule: GEN-HISTORY\n', 'line 1: expected a mapping'],
    ['waivers:\n  - rule: GEN-HISTORY\n    justification: [unclosed\n', 'not valid YAML'],
    ['severity:\n  GEN-LOGS: info\n  GEN-LOGS: error\n', 'not valid YAML: Map keys must be unique'],
  ])('%j is refused naming the line', (text, message) => {
    expect(() => parse(text)).toThrow(message);
    expect(() => parse(text)).toThrow(/^\.vhd-gate\.yml line \d+: /);
  });

  it('loads .vhd-gate.yml from the working directory, else none; a given --config must exist', async () => {
    const dir = tempDir('policy');
    expect(await loadPolicy(undefined, dir, known, '--config')).toBeUndefined();
    writeFileSync(path.join(dir, '.vhd-gate.yml'), 'severity:\n  GEN-LOGS: error\n');
    expect((await loadPolicy(undefined, dir, known, '--config'))!.severity).toEqual({ 'GEN-LOGS': 'error' });
    await expect(loadPolicy('missing.yml', dir, known, '--config')).rejects.toThrow('cannot read --config missing.yml: no such file');
    mkdirSync(path.join(dir, 'adir'));
    await expect(loadPolicy('adir', dir, known, 'input config')).rejects.toThrow('input config adir is a directory');
  });
});

describe('applying the policy', () => {
  const finding = (ruleId: string, severity: Finding['severity'], paths: string[]): Finding => ({
    ruleId,
    severity,
    message: `${ruleId} at ${paths.join(', ')}`,
    evidence: paths.map((p) => ({ path: p })),
    symptom: 's',
    fix: 'f',
    docs: `https://example.invalid/${ruleId}.md`,
  });
  const findings = () => [
    finding('GEN-HISTORY', 'error', ['/home/alice/.bash_history']),
    finding('GEN-HISTORY', 'error', ['/root/.bash_history']),
    finding('NET-DHCP-PRIMARY', 'warning', ['/etc/netplan/50-cloud-init.yaml']),
    finding('GEN-LOGS', 'warning', ['/var/log/syslog']),
  ];
  const ctx = { rules, ran: ['GEN-HISTORY', 'NET-DHCP-PRIMARY', 'GEN-LOGS', 'GEN-MACHINE-ID'], notRun: [], today: '2026-12-04' };
  const summary = (list: Finding[]) => list.map((f) => [f.ruleId, f.severity, f.waiver ? f.waiver.source : null]);

  it('a path glob waives only the findings with a matching evidence path; a waiver without one waives every finding of its rule', () => {
    const policy = parse('waivers:\n  - rule: GEN-HISTORY\n    path: /home/**\n    justification: ok\n  - rule: GEN-LOGS\n    justification: logs are ours\n');
    const out = applyPolicy(findings(), policy, ctx);
    expect(summary(out)).toEqual([
      ['GEN-HISTORY', 'error', '.vhd-gate.yml line 2'],
      ['GEN-HISTORY', 'error', null],
      // Registry order within a severity, as the engine sorts.
      ['GEN-LOGS', 'warning', '.vhd-gate.yml line 5'],
      ['NET-DHCP-PRIMARY', 'warning', null],
    ]);
    expect(out[0]!.waiver).toEqual({ justification: 'ok', source: '.vhd-gate.yml line 2' });
  });

  it.each<[string, string, boolean]>([
    ['yesterday: expired', '2026-12-03', true],
    ['today (its last day): still waives', '2026-12-04', false],
    ['tomorrow: still waives', '2026-12-05', false],
  ])('expiry is inclusive, in UTC: expires %s', (_name, expires, expired) => {
    expect(isExpired({ expires }, '2026-12-04')).toBe(expired);
    const policy = parse(`waivers:\n  - rule: GEN-LOGS\n    justification: ok\n    expires: ${expires}\n`);
    const out = applyPolicy(findings(), policy, ctx);
    expect(out.find((f) => f.ruleId === 'GEN-LOGS')!.waiver === undefined).toBe(expired);
    expect(out.some((f) => f.ruleId === 'WAIVER-EXPIRED')).toBe(expired);
  });

  it('an expired waiver waives nothing and is a WAIVER-EXPIRED warning pointing at its line', () => {
    const policy = parse('waivers:\n  - rule: GEN-HISTORY\n    justification: ok\n    expires: 2026-01-31\n');
    const out = applyPolicy(findings(), policy, ctx);
    expect(out.filter((f) => f.waiver)).toEqual([]);
    const expired = out.find((f) => f.ruleId === 'WAIVER-EXPIRED')!;
    expect(expired.severity).toBe('warning');
    expect(expired.message).toBe('the waiver of GEN-HISTORY expired on 2026-01-31 (today is 2026-12-04, UTC), so it waives nothing: 2 findings it covered count again');
    expect(expired.evidence).toEqual([{ path: '.vhd-gate.yml', line: 2, detail: 'waiver of GEN-HISTORY' }]);
  });

  it('a waiver that matches nothing is a WAIVER-UNUSED warning; info when its rule did not run', () => {
    const policy = parse(
      'waivers:\n  - rule: GEN-HISTORY\n    path: /home/bob/*\n    justification: ok\n  - rule: GEN-MACHINE-ID\n    justification: ok\n  - rule: SPEC-LOGIN-PATH\n    justification: ok\n',
    );
    const out = applyPolicy(findings(), policy, { ...ctx, notRun: [{ ruleId: 'SPEC-LOGIN-PATH', severity: 'error', reason: 'the guest root filesystem could not be read', unavailable: [] }] });
    const unused = out.filter((f) => f.ruleId === 'WAIVER-UNUSED').map((f) => [f.severity, f.message]);
    expect(unused).toEqual([
      ['warning', 'the waiver of GEN-HISTORY for /home/bob/* matches no finding: GEN-HISTORY ran and found nothing on a matching path'],
      ['warning', 'the waiver of GEN-MACHINE-ID matches no finding: GEN-MACHINE-ID ran and found nothing'],
      ['info', 'the waiver of SPEC-LOGIN-PATH could not be checked: SPEC-LOGIN-PATH did not run on this image (the guest root filesystem could not be read)'],
    ]);
  });

  it('severity overrides re-rank findings, and apply to the policy findings too', () => {
    const policy = parse('severity:\n  NET-DHCP-PRIMARY: error\n  GEN-HISTORY: info\n  WAIVER-UNUSED: error\nwaivers:\n  - rule: GEN-MACHINE-ID\n    justification: ok\n');
    expect(summary(applyPolicy(findings(), policy, ctx))).toEqual([
      ['NET-DHCP-PRIMARY', 'error', null],
      ['WAIVER-UNUSED', 'error', null],
      ['GEN-LOGS', 'warning', null],
      ['GEN-HISTORY', 'info', null],
      ['GEN-HISTORY', 'info', null],
    ]);
  });

  it('no policy: the findings as they were', () => {
    expect(applyPolicy(findings(), undefined, ctx)).toEqual(findings());
  });
});
