import { describeRecord } from '../error-record.js';
import type { Facts } from '../facts/index.js';
import type { Intent } from '../intent/types.js';
import type { ImageFacts } from '../model.js';
import type { Finding, NotRun, Rule, Severity } from './types.js';

const severityOrder: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/**
 * Runs every applicable rule. A rule whose needed facts are missing (no guest root, or a
 * subject that failed to collect) is listed as not run with the reason, never passed.
 * Findings come out sorted by severity, then rule order, so reports are deterministic.
 */
export function runRules(
  rules: readonly Rule[],
  ctx: { image: ImageFacts; facts?: Facts; intent: Intent },
): { findings: Finding[]; notRun: NotRun[] } {
  const findings: Finding[] = [];
  const notRun: NotRun[] = [];
  rules.forEach((rule) => {
    if (!rule.applies(ctx.intent)) return;
    const missing = whyNotRunnable(rule, ctx.facts);
    if (missing) {
      notRun.push({ ruleId: rule.id, reason: missing });
      return;
    }
    for (const draft of rule.check(ctx)) {
      findings.push({
        ruleId: rule.id,
        severity: draft.severity ?? rule.severity,
        message: draft.message,
        evidence: draft.evidence,
        symptom: draft.symptom ?? rule.symptom,
        fix: draft.fix ?? rule.fix,
      });
    }
  });
  const order = new Map(rules.map((r, i) => [r.id, i]));
  findings.sort(
    (a, b) => severityOrder[a.severity] - severityOrder[b.severity] || order.get(a.ruleId)! - order.get(b.ruleId)!,
  );
  return { findings, notRun };
}

function whyNotRunnable(rule: Rule, facts: Facts | undefined): string | undefined {
  if (rule.needs.length === 0) return undefined;
  if (!facts) return 'the guest root filesystem could not be read';
  const failed = facts.unavailable.filter((u) => rule.needs.includes(u.subject));
  if (failed.length > 0) return failed.map((u) => `${u.subject}: ${describeRecord(u.error)}`).join('; ');
  const absent = rule.needs.filter((s) => facts[s] === undefined);
  if (absent.length > 0) return `facts not collected: ${absent.join(', ')}`;
  return undefined;
}
