import { ruleDocsUrl, defaultDocsUrl } from '../rules/docs-url.js';
import { severityRank, type Finding, type NotRun, type Rule, type Severity } from '../rules/types.js';
import type { GatePolicy, Waiver } from './config.js';

/**
 * Applies the team's policy (.vhd-gate.yml) to the engine's findings:
 * 1. severity overrides: every finding of the rule gets the configured severity;
 * 2. waivers: a finding of the waiver's rule (with an evidence path matching its glob, when it
 *    has one) is marked waived. It stays in every report, but does not count toward fail-on;
 * 3. a waiver past its expiry date (today > expires, UTC) waives nothing and is itself a
 *    WAIVER-EXPIRED warning; a waiver that matched no finding of a rule that ran is a
 *    WAIVER-UNUSED warning (stale waivers rot), or info when its rule did not run on this image.
 * Findings come back sorted as the engine sorts them (severity, then registry order; the
 * WAIVER-* findings last in their severity).
 */

/** The WAIVER-* findings' metadata (not registry rules: they judge the policy file, not the image). */
export const policyRules = {
  expired: {
    id: 'WAIVER-EXPIRED',
    title: 'A waiver in the policy file is past its expiry date',
    severity: 'warning' as Severity,
    symptom: 'The findings it covered count again: the gate may fail on them.',
    fix: 'Fix what the waiver covered, or, if the team still accepts it, renew the waiver with a new expires date and a justification that is still true.',
  },
  unused: {
    id: 'WAIVER-UNUSED',
    title: 'A waiver in the policy file matches no finding',
    severity: 'warning' as Severity,
    symptom: 'None on Azure; a stale waiver would silently waive the next, unrelated finding of its rule.',
    fix: 'Delete the waiver, or narrow its path glob to the finding it was written for.',
  },
} as const;

/** IDs a policy file may name besides the registry's rules. */
export const policyRuleIds: readonly string[] = [policyRules.expired.id, policyRules.unused.id];

export interface PolicyContext {
  /** The registry, in report order. */
  rules: readonly Rule[];
  /** IDs of the rules that ran (runRules' `ran`): an unused waiver of a rule that did not run is only info. */
  ran: readonly string[];
  notRun: readonly NotRun[];
  /** Today in UTC, YYYY-MM-DD. */
  today: string;
  docsUrl?: string;
}

/** The registry with the policy's severity overrides as the rules' defaults (so IMAGE-UNREADABLE weighs a blocked rule as configured). */
export function overrideRules(rules: readonly Rule[], policy: GatePolicy | undefined): Rule[] {
  if (!policy) return [...rules];
  return rules.map((rule) => (policy.severity[rule.id] ? { ...rule, severity: policy.severity[rule.id]! } : rule));
}

export function applyPolicy(findings: readonly Finding[], policy: GatePolicy | undefined, ctx: PolicyContext): Finding[] {
  if (!policy) return [...findings];
  const overridden = findings.map((f) => (policy.severity[f.ruleId] ? { ...f, severity: policy.severity[f.ruleId]! } : { ...f }));
  const used = new Set<Waiver>();
  const expiredHits = new Map<Waiver, number>();
  for (const finding of overridden) {
    for (const waiver of policy.waivers) {
      if (!covers(waiver, finding)) continue;
      if (isExpired(waiver, ctx.today)) {
        expiredHits.set(waiver, (expiredHits.get(waiver) ?? 0) + 1);
        continue;
      }
      used.add(waiver);
      finding.waiver ??= { justification: waiver.justification, ...(waiver.expires ? { expires: waiver.expires } : {}), source: waiver.source };
    }
  }
  const own: Finding[] = [];
  const docs = (id: string) => ruleDocsUrl(ctx.docsUrl ?? defaultDocsUrl, id);
  const evidence = (w: Waiver) => [{ path: w.file, line: w.line, detail: `waiver of ${w.rule}${w.path ? ` for ${w.path}` : ''}` }];
  for (const waiver of policy.waivers) {
    if (isExpired(waiver, ctx.today)) {
      const hits = expiredHits.get(waiver) ?? 0;
      own.push({
        ruleId: policyRules.expired.id,
        severity: policyRules.expired.severity,
        message: `the waiver of ${waiver.rule} expired on ${waiver.expires} (today is ${ctx.today}, UTC), so it waives nothing: ${hits === 0 ? 'it would not have matched any finding either' : `${hits} finding${hits === 1 ? '' : 's'} it covered count${hits === 1 ? 's' : ''} again`}`,
        evidence: evidence(waiver),
        symptom: policyRules.expired.symptom,
        fix: policyRules.expired.fix,
        docs: docs(policyRules.expired.id),
      });
    } else if (!used.has(waiver)) {
      const ran = ctx.ran.includes(waiver.rule);
      const notRun = ctx.notRun.find((n) => n.ruleId === waiver.rule);
      own.push({
        ruleId: policyRules.unused.id,
        severity: ran ? policyRules.unused.severity : 'info',
        message: ran
          ? `the waiver of ${waiver.rule}${waiver.path ? ` for ${waiver.path}` : ''} matches no finding: ${waiver.rule} ran and found ${waiver.path ? 'nothing on a matching path' : 'nothing'}`
          : `the waiver of ${waiver.rule} could not be checked: ${waiver.rule} did not run on this image (${notRun ? notRun.reason : 'it does not apply to the declared settings'})`,
        evidence: evidence(waiver),
        symptom: policyRules.unused.symptom,
        fix: policyRules.unused.fix,
        docs: docs(policyRules.unused.id),
      });
    }
  }
  for (const f of own) if (policy.severity[f.ruleId]) f.severity = policy.severity[f.ruleId]!;
  const order = new Map<string, number>([...ctx.rules.map((r, i) => [r.id, i] as const), ...policyRuleIds.map((id, i) => [id, ctx.rules.length + i] as const)]);
  return [...overridden, ...own].sort((a, b) => severityRank[a.severity] - severityRank[b.severity] || (order.get(a.ruleId) ?? 0) - (order.get(b.ruleId) ?? 0));
}

function covers(waiver: Waiver, finding: Finding): boolean {
  if (waiver.rule !== finding.ruleId) return false;
  if (!waiver.pattern) return true;
  return finding.evidence.some((e) => e.path !== undefined && waiver.pattern!.test(e.path));
}

/** Expired when today (UTC) is after the last day it applies. */
export function isExpired(waiver: Pick<Waiver, 'expires'>, today: string): boolean {
  return waiver.expires !== undefined && today > waiver.expires;
}

/** Today's date in UTC, YYYY-MM-DD. */
export function utcToday(now = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/** Whether a finding counts toward the failure threshold: at or above it, and not waived. */
export function failsAt(finding: Finding, failOn: 'error' | 'warning'): boolean {
  if (finding.waiver) return false;
  return finding.severity === 'error' || (failOn === 'warning' && finding.severity === 'warning');
}
