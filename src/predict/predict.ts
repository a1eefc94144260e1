import type { HyperVGeneration, Intent, OsState } from '../intent/types.js';
import type { InspectResult } from '../model.js';
import { runRules } from '../rules/engine.js';
import { rules as allRules } from '../rules/index.js';
import { severityRank, type Finding, type Rule, type Severity } from '../rules/types.js';
import { effectOf, outcomeOrder, type Effect, type Outcome } from './outcomes.js';

/** One registration setting of the prediction table. */
export interface Setting {
  osState: OsState;
  hyperVGeneration: HyperVGeneration;
}

/** The four settings an image definition can have, in table order. */
export const settings: readonly Setting[] = [
  { osState: 'generalized', hyperVGeneration: 'V1' },
  { osState: 'generalized', hyperVGeneration: 'V2' },
  { osState: 'specialized', hyperVGeneration: 'V1' },
  { osState: 'specialized', hyperVGeneration: 'V2' },
];

/** A rule whose findings bear on a setting's outcome. */
export interface PredictionReason {
  ruleId: string;
  /** The most severe of the rule's findings for this setting. */
  severity: Severity;
  /** What those findings do to a deployment (docs/prediction.md). */
  effect: Effect;
  /** Why, in one sentence (src/predict/outcomes.ts). */
  why: string;
  /** How many findings of the rule there are for this setting. */
  findings: number;
}

/** What Azure does with the disk registered with one setting. */
export interface SettingPrediction extends Setting {
  /** Whether this is the setting the image is checked against (osState matches, and the generation when one is declared). */
  declared: boolean;
  outcome: Outcome;
  /** Rules whose error findings (or warnings, for a rule mapped with countsWarnings) change the deployment, earliest effect first: the first one's effect is `outcome`. */
  because: PredictionReason[];
  /** Rules with warnings that would change the deployment if they bite (the outcome does not count them). */
  risks: PredictionReason[];
  /** Why the image was not fully judged (the guest root could not be read), when it was not. */
  notJudged?: string;
}

/** The prediction table: every setting, in `settings` order. */
export type Prediction = SettingPrediction[];

/**
 * Re-runs the rules over the facts already read, once per setting (facts are collected once,
 * rules are pure), and maps each setting's findings to what Azure does. Waivers do not enter:
 * a waived finding still happens to the deployment. The declared intent's other fields
 * (architecture, security type, ...) are kept for every setting.
 */
export function predict(inspected: Pick<InspectResult, 'image' | 'facts' | 'guestError'>, intent: Intent, rules: readonly Rule[] = allRules): Prediction {
  return settings.map((setting) => {
    const asIntent: Intent = { ...intent, osState: setting.osState, hyperVGeneration: setting.hyperVGeneration };
    const { findings } = runRules(rules, { image: inspected.image, facts: inspected.facts, intent: asIntent });
    const declared = intent.osState === setting.osState && (intent.hyperVGeneration === undefined || intent.hyperVGeneration === setting.hyperVGeneration);
    const because = reasons(findings, setting.osState, (f, mapped) => f.severity === 'error' || (f.severity === 'warning' && mapped.countsWarnings));
    const risks = reasons(findings, setting.osState, (f, mapped) => f.severity === 'warning' && !mapped.countsWarnings);
    const notJudged = inspected.facts ? undefined : 'the guest root filesystem could not be read, so the guest checks did not run';
    const outcome = outcomeOf(because, notJudged !== undefined);
    return { ...setting, declared, outcome, because, risks, ...(notJudged ? { notJudged } : {}) };
  });
}

/** The earliest outcome among the reasons; not-judged when content was unreadable and nothing definite failed; else provisions. */
function outcomeOf(because: readonly PredictionReason[], unreadableGuest: boolean): Outcome {
  const effects = new Set<Effect>(because.map((r) => r.effect));
  if (unreadableGuest) effects.add('not-judged');
  return outcomeOrder.find((o) => o !== 'provisions' && effects.has(o as Effect)) ?? 'provisions';
}

/** An unmapped rule's errors are not read as harmless: the setting is not judged. */
const unmapped = {
  effect: 'not-judged' as const,
  why: "vhd-gate does not say what this rule's findings do to a deployment (no entry in src/predict/outcomes.ts)",
  countsWarnings: false,
};

/** One reason per rule with selected findings and an effect other than none, worst effect first, then rule order. */
function reasons(findings: readonly Finding[], osState: OsState, selected: (f: Finding, mapped: { countsWarnings: boolean }) => boolean): PredictionReason[] {
  const byRule = new Map<string, PredictionReason>();
  for (const f of findings) {
    const mapped = effectOf(f.ruleId, osState) ?? unmapped;
    if (mapped.effect === 'none' || !selected(f, mapped)) continue;
    const seen = byRule.get(f.ruleId);
    if (seen) {
      seen.findings += 1;
      if (severityRank[f.severity] < severityRank[seen.severity]) seen.severity = f.severity;
    } else byRule.set(f.ruleId, { ruleId: f.ruleId, severity: f.severity, effect: mapped.effect, why: mapped.why, findings: 1 });
  }
  const rank = (e: Effect) => outcomeOrder.indexOf(e as Outcome);
  // A stable sort keeps the engine's rule order within one effect.
  return [...byRule.values()].sort((a, b) => rank(a.effect) - rank(b.effect));
}
