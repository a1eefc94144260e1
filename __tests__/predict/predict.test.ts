import { describe, expect, it } from '@jest/globals';
import { checkImage } from '../../src/inspect.js';
import type { Intent } from '../../src/intent/types.js';
import type { CheckResult } from '../../src/model.js';
import { predict, type SettingPrediction } from '../../src/predict/predict.js';
import { checkReport } from '../../src/report/json.js';
import { rules } from '../../src/rules/index.js';
import type { Rule } from '../../src/rules/types.js';
import { fixtureImage, fixtureManifest } from '../helpers/fixtures.js';
import { guestErrorResult } from '../report/sample-results.js';

/**
 * The prediction over real fixture images (scripts/make-fixtures.sh): the four settings judged by
 * re-running the rules over facts read once, against the Azure article's matrices.
 */
const intent = (osState: 'generalized' | 'specialized', hyperVGeneration?: 'V1' | 'V2'): Intent => ({ osState, ...(hyperVGeneration ? { hyperVGeneration } : {}), sources: { osState: 'test' } });
/**
 * The check with the prediction made by the rules the fixture images were built for (the
 * manifest's checkedRules, as gate.test.ts judges them): the minimal guests have no kernel or
 * Python, which later rules rightly flag everywhere.
 */
const checked = rules.filter((r) => fixtureManifest().checkedRules.includes(r.id));
const check = async (name: string, i: Intent): Promise<CheckResult> => {
  const result = await checkImage({ image: await fixtureImage(name), intent: i, failOn: 'error' });
  return { ...result, findings: result.findings.filter((f) => fixtureManifest().checkedRules.includes(f.ruleId)), prediction: predict(result, i, checked) };
};

/** "generalized V2: provisions [RULE, ...]" per row: outcome and deciding rules at a glance. */
const rows = (p: readonly SettingPrediction[]) => p.map((s) => `${s.osState} ${s.hyperVGeneration}${s.declared ? ' (declared)' : ''}: ${s.outcome}${s.because.length ? ` [${s.because.map((b) => b.ruleId).join(', ')}]` : ''}`);

describe('prediction over the fixture images', () => {
  it('a specialized OS: provisions as specialized, provisioning failure as generalized (Azure: old name, user and password)', async () => {
    const result = await check('specialized-good.vhd', intent('specialized', 'V2'));
    const p = result.prediction!;
    expect(p.map((s) => s.outcome)).toEqual(['provisioning-failure', 'provisioning-failure', 'provisions', 'provisions']);
    expect(p[0]!.because[0]).toMatchObject({ ruleId: 'GEN-WAAGENT-MARKER', effect: 'provisioning-failure', severity: 'error' });
    // The other traces still happen once the marker is gone: listed after it.
    expect(p[0]!.because.map((b) => b.effect)).toContain('provisioning-timeout');
    expect(p.map((s) => s.declared)).toEqual([false, false, false, true]);
    expect(p[3]!.risks.map((r) => r.ruleId)).toEqual(['NET-MAC-BOUND']);
  });

  it('a generalized OS: provisions as generalized, provisioning timeout as specialized (Azure: fails to progress past provisioning)', async () => {
    const result = await check('generalized-good.vhd', intent('generalized'));
    const p = result.prediction!;
    expect(rows(p)).toEqual([
      'generalized V1 (declared): provisions',
      'generalized V2 (declared): provisions',
      'specialized V1: provisioning-timeout [SPEC-NOT-DEPROVISIONED, SPEC-LOGIN-PATH]',
      'specialized V2: provisioning-timeout [SPEC-NOT-DEPROVISIONED, SPEC-LOGIN-PATH]',
    ]);
    // A warning of a rule mapped with countsWarnings decides; it keeps its severity.
    expect(p[2]!.because[0]).toMatchObject({ ruleId: 'SPEC-NOT-DEPROVISIONED', severity: 'warning' });
  });

  it('the generation matters: an MBR disk does not boot as V2; a dynamic VHD is rejected whatever the setting', async () => {
    const mbr = (await check('generalized-good-mbr.vhd', intent('generalized', 'V1'))).prediction!;
    expect(rows(mbr).slice(0, 2)).toEqual(['generalized V1 (declared): provisions', 'generalized V2: does-not-boot [BOOT-GEN2-GPT, BOOT-GEN2-ESP]']);
    const dynamic = (await check('generalized-good-dynamic.vhd', intent('generalized', 'V2'))).prediction!;
    expect(dynamic.map((s) => s.outcome)).toEqual(['rejected', 'rejected', 'rejected', 'rejected']);
  });

  it('the declared row agrees with the check itself: the same rules, and only the findings that change the deployment', async () => {
    const result = await check('generalized-no-agent.vhd', intent('generalized', 'V2'));
    const declared = result.prediction!.find((s) => s.declared)!;
    expect(rows([declared])).toEqual(['generalized V2 (declared): provisioning-timeout [PA-ANY]']);
    const errorRules = [...new Set(result.findings.filter((f) => f.severity === 'error').map((f) => f.ruleId))];
    for (const b of declared.because) expect(errorRules).toContain(b.ruleId);
  });

  it('goes into the JSON report, one object per setting', async () => {
    const result = await check('generalized-with-traces.vhd', intent('generalized', 'V2'));
    const json = checkReport(result).prediction as { outcome: string; declared: boolean; because: { ruleId: string }[] }[];
    expect(json.map((s) => s.outcome)).toEqual(['provisioning-failure', 'provisioning-failure', 'provisions', 'provisions']);
    expect(json[1]).toMatchObject({ osState: 'generalized', hyperVGeneration: 'V2', declared: true, notJudged: null });
    expect(json[1]!.because[0]).toEqual({ ruleId: 'GEN-WAAGENT-MARKER', severity: 'error', effect: 'provisioning-failure', why: expect.any(String), findings: 1 });
  });
});

describe('prediction without a guest, and for rules it does not know', () => {
  it('no readable guest root: not judged, unless a disk rule already fails', () => {
    const result = guestErrorResult();
    // The sample GPT has no BIOS boot partition and its ESP no FAT: the boot rules judge the layout without a guest.
    const p = predict(result, result.intent);
    expect(rows(p)).toEqual([
      'generalized V1 (declared): does-not-boot [BOOT-GEN1-BIOS]',
      'generalized V2 (declared): does-not-boot [BOOT-GEN2-ESP]',
      'specialized V1: does-not-boot [BOOT-GEN1-BIOS]',
      'specialized V2: does-not-boot [BOOT-GEN2-ESP]',
    ]);
    expect(p.every((s) => s.notJudged === 'the guest root filesystem could not be read, so the guest checks did not run')).toBe(true);
    const guestRules = rules.filter((r) => !r.id.startsWith('BOOT-'));
    expect(predict(result, result.intent, guestRules).map((s) => s.outcome)).toEqual(['not-judged', 'not-judged', 'not-judged', 'not-judged']);
    const dynamic = { ...result.image, container: { ...result.image.container, format: 'vhd-dynamic' as const, footer: { ...result.image.container.footer!, diskType: 3 } } };
    expect(predict({ ...result, image: dynamic }, result.intent).map((s) => s.outcome)).toEqual(['rejected', 'rejected', 'rejected', 'rejected']);
  });

  it('an error of a rule with no mapping is read as not judged, never as harmless', () => {
    const unknown: Rule = {
      id: 'ZZ-UNMAPPED', title: 't', severity: 'error', appliesTo: 'both', symptom: 's', fix: 'f', needs: [],
      applies: () => true,
      check: () => [{ message: 'm', evidence: [] }],
    };
    const result = guestErrorResult();
    const p = predict({ ...result, facts: { unavailable: [] } as never }, result.intent, [unknown]);
    expect(p[0]).toMatchObject({ outcome: 'not-judged', because: [{ ruleId: 'ZZ-UNMAPPED', effect: 'not-judged' }] });
  });
});
