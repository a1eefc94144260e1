import { describeRecord, type ErrorRecord } from '../error-record.js';
import type { CheckResult } from '../model.js';
import type { Finding, Severity } from '../rules/types.js';
import { diskDiagram } from './disk-diagram.js';
import { evidenceLine, verdictCounts, type TextStyle } from './findings.js';
import { intentFields, intentValue, osStateMismatch } from './intent-lines.js';
import { mdCode, mdLinkTarget, mdText } from './markdown.js';
import { neutraliseOutput } from './neutralise.js';
import { predictionDocsUrl, predictionMarkdown, predictionTitle } from './prediction-table.js';
import { redact } from './redact.js';

/**
 * The pull-request comment: one per image (found again by its hidden marker), rewritten on every
 * run. Everything from the image is escaped for Markdown (report/markdown.ts) and, because a PR
 * comment notifies, `@` and `#` in text become their full-width forms (＠, ＃): an image cannot
 * mention a user or cross-reference an issue. Code spans (excerpts) stay exact: GitHub links
 * nothing inside them.
 */

/** GitHub refuses a comment body over 65536 characters; we stay a little under. */
export const commentLimit = 65_000;

/** Findings shown in full; the rest are in a collapsed <details>. */
export const expandedFindings = 10;

/** Where the comment points for the full report, from the runner's environment. */
export interface CommentContext {
  /** The marker key: the image (or the comment-key input). */
  key: string;
  /** The workflow run's URL, when known. */
  runUrl?: string;
}

/** `<!-- vhd-gate:KEY -->`: the first line of the comment. The key cannot end the HTML comment. */
export function commentMarker(key: string): string {
  const safe = encodeURIComponent(redact(key)).replace(/%2F/g, '/').replace(/-(?=-|$)/g, '%2D');
  return `<!-- vhd-gate:${safe} -->`;
}

const verdictTitle = { pass: '✅ PASS', fail: '❌ FAIL', error: '❔ ERROR' } as const;
const severityIcon: Record<Severity, string> = { error: '❌', warning: '⚠️', info: 'ℹ️' };

/** Image or report text in the comment: Markdown-escaped, one line, no mention or reference. */
function text(value: string): string {
  return value
    .split(/\r?\n/)
    .map((line) => mdText(line).replace(/@/g, '＠').replace(/\\#/g, '＃'))
    .join('<br>');
}

const style: TextStyle = { text, code: mdCode };

/** The comment for a check. */
export function prCommentMarkdown(result: CheckResult, ctx: CommentContext): string {
  const head: string[] = [commentMarker(ctx.key), `### vhd-gate: ${verdictTitle[result.verdict]} — ${mdCode(result.image.source)}`, ''];
  // Counts of findings that are not waived, the waived in brackets (report/findings.ts).
  head.push(`${verdictCounts(result.findings)}.`, '');
  if (result.guestError) head.push(`**Could not read the guest:** ${text(describeRecord(result.guestError))}`, '');
  head.push('| Setting | Intended | Source |', '|---|---|---|');
  for (const field of intentFields) {
    const value = intentValue(result.intent, field);
    if (value !== undefined) head.push(`| ${field} | ${text(value)} | ${text(result.intent.sources[field] ?? '')} |`);
  }
  head.push('', `Detected OS state: **${result.detected.osState}**${osStateMismatch(result.intent, result.detected.osState)}`, '');
  if (result.prediction) head.push(`#### ${predictionTitle}`, '', ...predictionMarkdown(result.prediction, predictionDocsUrl(result.findings)), '');

  const tail: string[] = [];
  if (result.notRun.length > 0) tail.push(`Rules not run: ${result.notRun.map((n) => `${mdCode(n.ruleId)} (${text(n.reason)})`).join('; ')}`, '');
  tail.push('<details><summary>Disk layout</summary>', '', diskDiagram(result.image), '', '</details>', '');
  tail.push(footer(ctx));

  const blocks = result.findings.map((f, i) => findingBlock(f, i + 1));
  return fit(head, blocks, tail);
}

/** The comment when the image could not be inspected at all. */
export function prErrorCommentMarkdown(source: string, record: ErrorRecord, ctx: CommentContext): string {
  return fit([commentMarker(ctx.key), `### vhd-gate: ${verdictTitle.error} — ${mdCode(source)}`, '', `Could not inspect the image: ${text(describeRecord(record))}`, ''], [], [footer(ctx)]);
}

function footer(ctx: CommentContext): string {
  const where = ctx.runUrl ? `[job summary and JSON report](${mdLinkTarget(ctx.runUrl)})` : 'the job summary and the JSON report';
  return `<sub>vhd-gate updates this comment on every run; all findings and annotations: ${where}.</sub>`;
}

/** One finding: rule, message, evidence, what Azure does, the fix, a waiver when there is one. */
function findingBlock(f: Finding, n: number): string {
  const lines = [`${n}. ${f.waiver ? '⚪' : severityIcon[f.severity]} **${f.severity}** [${mdCode(f.ruleId)}](${mdLinkTarget(f.docs)}) — ${text(f.message)}`];
  if (f.waiver) {
    const expires = f.waiver.expires ? `, until ${text(f.waiver.expires)}` : '';
    lines.push(`   - **waived** (${text(f.waiver.source)}${expires}): ${text(f.waiver.justification)}`);
  }
  for (const e of f.evidence) lines.push(`   - ${evidenceLine(e, style)}`);
  lines.push(`   - Azure: ${text(f.symptom)}`, `   - Fix: ${text(f.fix)}`);
  return lines.join('\n');
}

/**
 * Head, findings and tail under the comment limit: the first ten findings expanded, the rest in
 * <details>; findings that do not fit are counted in a note instead. Neutralised and redacted
 * like every report (report/neutralise.ts, report/redact.ts).
 */
function fit(head: string[], blocks: string[], tail: string[]): string {
  const render = (shown: number): string => {
    const out = [...head];
    if (blocks.length > 0) {
      out.push('#### Findings', '', ...blocks.slice(0, Math.min(shown, expandedFindings)), '');
      if (shown > expandedFindings) out.push(`<details><summary>${blocks.length - expandedFindings} more findings</summary>`, '', ...blocks.slice(expandedFindings, shown), '', '</details>', '');
      if (shown < blocks.length) out.push(`**${blocks.length - shown} more findings are not shown**: a comment holds at most 65536 characters. The job summary and the JSON report list them all.`, '');
    }
    out.push(...tail);
    return neutraliseOutput(redact(out.join('\n')));
  };
  let shown = blocks.length;
  let body = render(shown);
  while (body.length > commentLimit && shown > 0) {
    // Drop what the overflow needs at once, then one at a time: a hostile image has thousands.
    const over = body.length - commentLimit;
    const average = Math.max(1, Math.floor(blocks.slice(0, shown).join('\n').length / shown));
    shown = Math.max(0, shown - Math.max(1, Math.floor(over / average)));
    body = render(shown);
  }
  if (body.length > commentLimit) body = `${body.slice(0, commentLimit - 200)}\n\n**Cut here**: a comment holds at most 65536 characters; see the job summary.\n`;
  return body;
}
