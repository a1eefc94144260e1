import { outcomeOrder, outcomeTitle, type Effect, type Outcome } from '../predict/outcomes.js';
import type { Prediction, PredictionReason, SettingPrediction } from '../predict/predict.js';
import type { Finding } from '../rules/types.js';
import { mdCode, mdLinkTarget, mdText } from './markdown.js';

/** Heading of the prediction table in the summary and the PR comment. */
export const predictionTitle = 'What Azure does with this disk';

/**
 * Where the outcomes and the rule-to-outcome mapping are explained, next to the rule pages the
 * findings link (a fork's, with --docs-url): `<base>/rules/<ID>.md` -> `<base>/prediction.md`.
 * Undefined when no finding's link has that shape (no findings, or a `{id}` template elsewhere).
 */
export function predictionDocsUrl(findings: readonly Finding[]): string | undefined {
  for (const f of findings) {
    const suffix = `/rules/${f.ruleId}.md`;
    if (f.docs.endsWith(suffix)) return `${f.docs.slice(0, -suffix.length)}/prediction.md`;
  }
  return undefined;
}

const icon: Record<Outcome, string> = {
  rejected: '❌',
  'does-not-boot': '❌',
  'provisioning-failure': '❌',
  'provisioning-timeout': '❌',
  unreachable: '⚠️',
  'not-judged': '❔',
  provisions: '✅',
};

/**
 * The prediction as a Markdown table for the job summary and the PR comment: one row per
 * setting, the declared one in bold and marked, the outcome, and why (the decisive rule with
 * its reason, the other rules grouped by effect, warnings as risks). Rule IDs and reasons are
 * ours, but still go through mdText like everything else in a Markdown report.
 */
export function predictionMarkdown(prediction: Prediction, docsUrl?: string): string[] {
  const rows = prediction.map((p) => {
    const setting = `${p.osState}, ${p.hyperVGeneration}`;
    const outcome = `${icon[p.outcome]} ${outcomeTitle[p.outcome]}`;
    return p.declared ? `| **${setting}** (declared) | **${outcome}** | ${because(p)} |` : `| ${setting} | ${outcome} | ${because(p)} |`;
  });
  return [
    '| Registered as | What Azure does | Why |',
    '|---|---|---|',
    ...rows,
    '',
    `Each setting is judged by the rules that apply to it, over the facts read once from this image (how findings map to outcomes: ${docsUrl ? `[prediction.md](${mdLinkTarget(docsUrl)})` : 'docs/prediction.md'}).`,
  ];
}

function because(p: SettingPrediction): string {
  const lines: string[] = [];
  const [first, ...others] = p.because;
  if (p.notJudged) lines.push(mdText(p.notJudged));
  if (first) lines.push(`${code(first.ruleId)}: ${mdText(first.why)}`);
  for (const [effect, reasons] of grouped(others)) lines.push(`also ${outcomeTitle[effect as Outcome]}: ${reasons.map((r) => code(r.ruleId)).join(', ')}`);
  for (const [effect, reasons] of grouped(p.risks)) lines.push(`risk of ${outcomeTitle[effect as Outcome]}: ${reasons.map((r) => code(r.ruleId)).join(', ')} (warning)`);
  return lines.length ? lines.join('<br>') : 'no finding changes the deployment';
}

/** Reasons grouped by effect, in outcome order. */
function grouped(reasons: readonly PredictionReason[]): [Effect, PredictionReason[]][] {
  const effects = outcomeOrder.filter((o) => reasons.some((r) => r.effect === o)) as Effect[];
  return effects.map((e) => [e, reasons.filter((r) => r.effect === e)]);
}

function code(ruleId: string): string {
  return mdCode(ruleId);
}
