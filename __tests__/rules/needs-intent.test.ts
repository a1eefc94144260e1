import { describe, expect, it } from '@jest/globals';
import type { Facts } from '../../src/facts/index.js';
import type { Intent } from '../../src/intent/types.js';
import { annotations } from '../../src/report/github.js';
import { checkReport, renderJson } from '../../src/report/json.js';
import { checkSummaryMarkdown } from '../../src/report/github.js';
import { renderCheckText } from '../../src/report/text.js';
import { runRules } from '../../src/rules/engine.js';
import { IMAGE_UNREADABLE } from '../../src/rules/IMAGE-UNREADABLE.js';
import type { Rule } from '../../src/rules/types.js';
import { plainImage } from '../helpers/rule-context.js';
import { passingResult } from '../report/sample-results.js';

/**
 * Rules that need a declared setting (Rule.needsIntent) are listed as not run, naming the flag
 * and input that declare it, and never fail or become IMAGE-UNREADABLE. A rule table of our own,
 * shaped like the issue 8 rules (Secure Boot chain, NVMe, architecture).
 */
const tlCapable = new Set(['TrustedLaunch', 'TrustedLaunchSupported', 'TrustedLaunchAndConfidentialVmSupported', 'ConfidentialVM']);
const rule = (id: string, extra: Partial<Rule>): Rule => ({
  id,
  title: id,
  severity: 'error',
  appliesTo: 'test',
  symptom: 'symptom',
  fix: 'fix',
  needs: [],
  applies: () => true,
  check: () => [{ message: `${id} found something`, evidence: [] }],
  ...extra,
});
const table: Rule[] = [
  IMAGE_UNREADABLE,
  rule('TEST-TL-CHAIN', { needsIntent: ['securityType'], applies: (i) => tlCapable.has(i.securityType!) }),
  rule('TEST-NVME', { needsIntent: ['diskControllerTypes'], needs: ['kernelCmdline'], applies: (i) => i.diskControllerTypes!.includes('NVMe') }),
  rule('TEST-ARCH-GEN', { needsIntent: ['architecture', 'hyperVGeneration'], severity: 'warning' }),
  rule('TEST-PLAIN', { check: () => [] }),
];
const intent = (extra: Partial<Intent> = {}): Intent => ({ osState: 'generalized', sources: {}, ...extra });
/** Facts whose kernelCmdline subject failed to read: a rule needing it would be IMAGE-UNREADABLE if it ran. */
const facts = (): Facts => ({ unavailable: [{ subject: 'kernelCmdline', error: { layer: 'filesystem', kind: 'corrupt', offset: 0x2000, path: '/boot/grub/grub.cfg', message: 'bad block' } }] }) as Facts;

describe('rules whose setting is not declared', () => {
  it.each<[string, Partial<Intent>, { notRun: [string, string[]][]; findings: string[] }]>([
    [
      'nothing declared: every needsIntent rule is not run, naming what is missing',
      {},
      { notRun: [['TEST-TL-CHAIN', ['securityType']], ['TEST-NVME', ['diskControllerTypes']], ['TEST-ARCH-GEN', ['architecture', 'hyperVGeneration']]], findings: [] },
    ],
    [
      'securityType Standard declared: the TL rule does not apply (not listed); the others still undeclared',
      { securityType: 'Standard', architecture: 'x64', hyperVGeneration: 'V2' },
      { notRun: [['TEST-NVME', ['diskControllerTypes']]], findings: ['TEST-ARCH-GEN'] },
    ],
    [
      'TrustedLaunch and NVMe declared: the TL rule runs; NVMe needs an unreadable subject, so it is IMAGE-UNREADABLE',
      { securityType: 'TrustedLaunch', diskControllerTypes: ['SCSI', 'NVMe'] },
      { notRun: [['TEST-NVME', []], ['TEST-ARCH-GEN', ['architecture', 'hyperVGeneration']]], findings: ['IMAGE-UNREADABLE', 'TEST-TL-CHAIN'] },
    ],
    [
      'only one of two needed settings declared: still not run, naming the other',
      { architecture: 'Arm64' },
      { notRun: [['TEST-TL-CHAIN', ['securityType']], ['TEST-NVME', ['diskControllerTypes']], ['TEST-ARCH-GEN', ['hyperVGeneration']]], findings: [] },
    ],
  ])('%s', (_name, extra, expected) => {
    const result = runRules(table, { image: plainImage(), facts: facts(), intent: intent(extra) });
    expect(result.notRun.map((n) => [n.ruleId, n.undeclared ?? []])).toEqual(expected.notRun);
    expect(result.findings.map((f) => f.ruleId)).toEqual(expected.findings);
    for (const n of result.notRun.filter((x) => x.undeclared)) expect(n.unavailable).toEqual([]);
    expect(result.ran).not.toContain('TEST-NVME');
  });

  it('the reason names the CLI flag, the action input and the definition field', () => {
    const { notRun } = runRules(table, { image: plainImage(), intent: intent() });
    expect(notRun.find((n) => n.ruleId === 'TEST-TL-CHAIN')!.reason).toBe(
      'securityType is not declared: set --security-type (action input security-type) or features[SecurityType] in the image definition',
    );
    expect(notRun.find((n) => n.ruleId === 'TEST-ARCH-GEN')!.reason).toBe(
      'architecture, hyperVGeneration are not declared: set --architecture (action input architecture) or architecture in the image definition; and --hyper-v-generation (action input hyper-v-generation) or hyperVGeneration in the image definition',
    );
  });

  it('without a readable guest, an undeclared rule is still "not declared", not "guest unreadable"', () => {
    const { notRun } = runRules(table, { image: plainImage(), intent: intent({ securityType: 'TrustedLaunch' }) });
    expect(notRun.map((n) => [n.ruleId, n.reason.split(':')[0]])).toEqual([
      ['TEST-NVME', 'diskControllerTypes is not declared'],
      ['TEST-ARCH-GEN', 'architecture, hyperVGeneration are not declared'],
    ]);
  });

  describe('in every report, as information that does not fail the check', () => {
    const result = () => {
      const base = passingResult();
      const { findings, notRun } = runRules(table, { image: plainImage(), facts: { unavailable: [] } as unknown as Facts, intent: base.intent });
      return { ...base, findings, notRun };
    };

    it('the run passes: no findings, no IMAGE-UNREADABLE', () => {
      expect(result().findings).toEqual([]);
      expect(result().verdict).toBe('pass');
    });

    it('text names the flag', () => {
      const text = renderCheckText(result(), { failOn: 'error' });
      expect(text).toContain('TEST-TL-CHAIN: securityType is not declared: set --security-type');
    });

    it('json notRun carries the settings with their flag and input', () => {
      const json = JSON.parse(renderJson(checkReport(result())));
      expect(json.notRun[0]).toEqual({
        ruleId: 'TEST-TL-CHAIN',
        reason: expect.stringContaining('--security-type'),
        subjects: [],
        undeclared: [{ setting: 'securityType', flag: '--security-type', input: 'security-type' }],
      });
    });

    it('the job summary lists them; one notice annotation names the action inputs', () => {
      expect(checkSummaryMarkdown(result())).toContain('**TEST-NVME**: diskControllerTypes is not declared: set --disk-controller-types (action input disk-controller-types)');
      const notices = annotations(result()).filter((a) => a.level === 'notice');
      expect(notices).toEqual([
        {
          level: 'notice',
          title: 'vhd-gate: 3 rules not run (setting not declared)',
          message: [
            'TEST-TL-CHAIN: set input security-type (or features[SecurityType] in image-definition)',
            'TEST-NVME: set input disk-controller-types (or features[DiskControllerTypes] in image-definition)',
            'TEST-ARCH-GEN: set input architecture (or architecture in image-definition) and input hyper-v-generation (or hyperVGeneration in image-definition)',
          ].join('\n'),
        },
      ]);
    });
  });
});
