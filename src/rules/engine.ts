import type { Facts } from '../facts/index.js';
import { undeclaredReason } from '../intent/declare.js';
import type { Intent } from '../intent/types.js';
import type { ImageFacts } from '../model.js';
import { defaultDocsUrl, ruleDocsUrl } from './docs-url.js';
import { severityRank, type Finding, type NotRun, type Rule } from './types.js';

/**
 * Runs every applicable rule. A rule that needs a setting nobody declared (`needsIntent`) is
 * listed as not run with the flag that would declare it, before `applies` is asked. A rule
 * whose needed facts are missing (no guest root, or a subject that failed to collect) is
 * listed as not run with the reason, never passed; every rule's context carries that list, so
 * IMAGE-UNREADABLE can turn it into findings.
 * Findings come out sorted by severity, then rule order, so reports are deterministic; each
 * links its rule's page under `options.docsUrl` (default: the project's docs).
 */
export function runRules(
  rules: readonly Rule[],
  ctx: { image: ImageFacts; facts?: Facts; intent: Intent },
  options: { docsUrl?: string } = {},
): { findings: Finding[]; notRun: NotRun[]; ran: string[] } {
  const applicable: Rule[] = [];
  const notRun: NotRun[] = [];
  for (const rule of rules) {
    const undeclared = undeclaredNotRun(rule, ctx.intent);
    if (undeclared) {
      notRun.push(undeclared);
      continue;
    }
    if (!rule.applies(ctx.intent)) continue;
    applicable.push(rule);
    const unrunnable = whyNotRunnable(rule, ctx.facts);
    if (unrunnable) notRun.push(unrunnable);
  }
  const findings: Finding[] = [];
  for (const rule of applicable) {
    if (notRun.some((n) => n.ruleId === rule.id)) continue;
    for (const draft of rule.check({ ...ctx, notRun })) {
      findings.push({
        ruleId: rule.id,
        severity: draft.severity ?? rule.severity,
        message: draft.message,
        evidence: draft.evidence,
        symptom: draft.symptom ?? rule.symptom,
        fix: draft.fix ?? rule.fix,
        docs: ruleDocsUrl(options.docsUrl ?? defaultDocsUrl, rule.id),
      });
    }
  }
  const order = new Map(rules.map((r, i) => [r.id, i]));
  findings.sort(
    (a, b) => severityRank[a.severity] - severityRank[b.severity] || order.get(a.ruleId)! - order.get(b.ruleId)!,
  );
  return { findings, notRun, ran: applicable.filter((r) => !notRun.some((n) => n.ruleId === r.id)).map((r) => r.id) };
}

/** Not run because a setting in `needsIntent` is not declared: information, not a failure (no `unavailable`, so no IMAGE-UNREADABLE). */
function undeclaredNotRun(rule: Rule, intent: Intent): NotRun | undefined {
  const missing = (rule.needsIntent ?? []).filter((field) => intent[field] === undefined);
  if (missing.length === 0) return undefined;
  return { ruleId: rule.id, severity: rule.severity, reason: undeclaredReason(missing), unavailable: [], undeclared: missing };
}

function whyNotRunnable(rule: Rule, facts: Facts | undefined): NotRun | undefined {
  if (rule.needs.length === 0) return undefined;
  const notRun = (reason: string, unavailable: NotRun['unavailable'] = []): NotRun => ({ ruleId: rule.id, severity: rule.severity, reason, unavailable });
  if (!facts) return notRun('the guest root filesystem could not be read');
  const failed = facts.unavailable.filter((u) => rule.needs.includes(u.subject));
  if (failed.length > 0) return notRun(`${failed.map((u) => u.subject).join(', ')} could not be read from the image (see IMAGE-UNREADABLE)`, failed);
  const absent = rule.needs.filter((s) => facts[s] === undefined);
  if (absent.length > 0) return notRun(`facts not collected: ${absent.join(', ')}`);
  return undefined;
}
