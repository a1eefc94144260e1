import type { CheckResult } from '../model.js';
import type { Finding, Severity } from '../rules/types.js';
import { describeRecord, type ErrorRecord } from '../error-record.js';
import { bySeverity, evidenceLine, severities, severityTitle, toleratedTitle, verdictCounts, waiverText, type TextStyle } from './findings.js';
import { declareHints } from '../intent/declare.js';
import { intentFields, intentValue, osStateMismatch } from './intent-lines.js';
import { diskDiagram } from './disk-diagram.js';
import { mdCode, mdLinkTarget, mdText } from './markdown.js';
import { neutraliseOutput, oneLine } from './neutralise.js';
import { predictionDocsUrl, predictionMarkdown, predictionTitle } from './prediction-table.js';
import { redact } from './redact.js';
import { ioLine } from './text.js';

/** GitHub shows at most this many annotations of each type per step. */
export const annotationLimit = 10;

/** One annotation for @actions/core: `error`/`warning`/`notice` with a title. */
export interface Annotation {
  level: 'error' | 'warning' | 'notice';
  title: string;
  message: string;
}

const levelOf: Record<Severity, Annotation['level']> = { error: 'error', warning: 'warning', info: 'notice' };

/**
 * Up to `annotationLimit` annotations per severity, in report order; the job summary lists them
 * all. Rules not run because a setting was not declared get one notice naming the inputs.
 */
export function annotations(result: CheckResult): Annotation[] {
  const list = severities.flatMap((severity) =>
    bySeverity(result.findings, severity)
      .slice(0, annotationLimit)
      .map((f): Annotation => ({
        // A waived finding is a notice: the team accepted it, it does not fail the job.
        level: f.waiver ? 'notice' : levelOf[severity],
        title: f.waiver ? `${f.ruleId} (waived)` : f.ruleId,
        message: neutraliseOutput(redact(annotationMessage(f))),
      })),
  );
  const undeclared = result.notRun.filter((n) => n.undeclared?.length);
  if (undeclared.length > 0) {
    const lines = undeclared.map((n) => `${n.ruleId}: set ${n.undeclared!.map((f) => `input ${declareHints[f].input} (or ${declareHints[f].definition} in image-definition)`).join(' and ')}`);
    list.push({ level: 'notice', title: `vhd-gate: ${undeclared.length} rule${undeclared.length === 1 ? '' : 's'} not run (setting not declared)`, message: lines.join('\n') });
  }
  return list;
}

function annotationMessage(finding: Finding): string {
  // @actions/core escapes the newlines; the runner shows them as the annotation's lines.
  const evidence = finding.evidence.map((e) => `  ${evidenceLine(e)}`);
  const lines = (text: string) => text.split(/\r?\n/).map(oneLine).join('\n');
  const waived = finding.waiver ? [`Waived: ${waiverText(finding.waiver)}`] : [];
  return [oneLine(finding.message), ...waived, ...evidence, `Azure: ${lines(finding.symptom)}`, `Fix: ${lines(finding.fix)}`, `Docs: ${oneLine(finding.docs)}`].join('\n');
}

/**
 * Markdown for the job summary of a check. GitHub renders it as HTML-enabled Markdown, so text is
 * escaped for its context (report/markdown.ts): `md` for text and cells, `mdCode` for excerpts.
 */
export function checkSummaryMarkdown(result: CheckResult): string {
  const out: string[] = [];
  const verdict = result.verdict === 'pass' ? 'PASS' : result.verdict === 'fail' ? 'FAIL' : 'ERROR';
  out.push(`## vhd-gate: ${verdict} — ${md(result.image.source)}`, '');
  out.push(`${verdictCounts(result.findings)}.`, '');
  if (result.guestError) {
    out.push(`**Could not read the guest:** ${md(describeRecord(result.guestError))}`, '');
  }

  out.push('### Intent vs detected', '', '| Setting | Intended | Source |', '|---|---|---|');
  for (const field of intentFields) {
    const value = intentValue(result.intent, field);
    if (value !== undefined) out.push(`| ${field} | ${md(value)} | ${md(result.intent.sources[field] ?? '')} |`);
  }
  for (const note of result.intent.notes ?? []) out.push('', `Note: ${md(note)}`);
  out.push('', `Detected OS state: **${result.detected.osState}**${osStateMismatch(result.intent, result.detected.osState)}`);
  for (const evidence of result.detected.evidence) out.push(`- ${md(evidence)}`);
  out.push('');
  if (result.prediction) out.push(`### ${predictionTitle}`, '', ...predictionMarkdown(result.prediction, predictionDocsUrl(result.findings)), '');

  if (result.findings.length > 0) {
    out.push('### Findings', '', '| Severity | Rule | Finding | Evidence | Fix |', '|---|---|---|---|---|');
    for (const severity of severities) {
      for (const f of bySeverity(result.findings, severity)) {
        const evidence = f.evidence.map((e) => evidenceLine(e, markdownStyle)).join('<br>');
        const waived = f.waiver ? `<br>**Waived:** ${md(waiverText(f.waiver))}` : '';
        out.push(`| ${severity}${f.waiver ? ' (waived)' : ''} | [${f.ruleId}](${mdLinkTarget(f.docs)}) | ${mdText(f.message)}<br>*${md(f.symptom)}*${waived} | ${evidence} | ${md(f.fix)} |`);
      }
    }
    out.push('');
    const capped = severities.filter((s) => bySeverity(result.findings, s).length > annotationLimit);
    if (capped.length > 0) {
      out.push(
        `GitHub shows at most ${annotationLimit} annotations of each type per step, so only the first ${annotationLimit} ${capped
          .map((s) => severityTitle[s].toLowerCase())
          .join(' and ')} are annotated; this table is the full list.`,
        '',
      );
    }
  }
  if (result.notRun.length > 0) {
    out.push('### Rules not run', '');
    for (const n of result.notRun) out.push(`- **${n.ruleId}**: ${md(n.reason)}`);
    out.push('');
  }
  if (result.image.problems.length > 0) {
    out.push(`### ${toleratedTitle}`, '');
    for (const problem of result.image.problems) out.push(`- ${md(problem)}`);
    out.push('');
  }
  out.push('### Disk layout', '', diskDiagram(result.image), '');
  out.push(md(ioLine(result.io)), '');
  return neutraliseOutput(redact(out.join('\n')));
}

/** Markdown for the job summary when the image could not be inspected. */
export function errorSummaryMarkdown(source: string, record: ErrorRecord): string {
  return neutraliseOutput(redact(`## vhd-gate: ERROR — ${md(source)}\n\nCould not inspect the image: ${md(describeRecord(record))}\n`));
}


/** Text for a table cell or paragraph; our own line breaks (symptom, fix, I/O) become `<br>`. */
function md(text: string): string {
  return text.split(/\r?\n/).map(mdText).join('<br>');
}

const markdownStyle: TextStyle = { text: mdText, code: mdCode };
