import type { CheckResult } from '../model.js';
import type { Finding } from '../rules/types.js';
import { describeRecord, type ErrorRecord } from '../error-record.js';
import { bySeverity, countLine, evidenceLine, humanBytes, severities, severityTitle, toleratedTitle } from './findings.js';
import { intentSummary, osStateMismatch } from './intent-lines.js';
import { neutraliseOutput, oneLine } from './neutralise.js';
import { redact } from './redact.js';

/**
 * Console report of a check: verdict, intent vs detected, findings by severity, rules not run,
 * problems the readers tolerated, I/O.
 * Text that may come from the image is put on its line by `oneLine`; the whole report then goes
 * through `neutraliseOutput` (report/neutralise.ts), so no line of it can run a runner command.
 */
export function renderCheckText(result: CheckResult, options: { failOn: 'error' | 'warning' }): string {
  const lines: string[] = [];
  lines.push(`vhd-gate check ${oneLine(result.image.source)}: ${verdictWord(result.verdict)} (${countLine(result.findings)}; fails on ${options.failOn})`);
  if (result.guestError) {
    lines.push(`  could not read the guest: ${oneLine(describeRecord(result.guestError))}`);
  }
  lines.push('');
  lines.push(`Intent:   ${oneLine(intentSummary(result.intent).join('; ')) || '(none)'}`);
  for (const note of result.intent.notes ?? []) lines.push(`          note: ${oneLine(note)}`);
  lines.push(`Detected: ${result.detected.osState}${osStateMismatch(result.intent, result.detected.osState)}`);
  for (const evidence of result.detected.evidence) lines.push(`  - ${oneLine(evidence)}`);

  for (const severity of severities) {
    const group = bySeverity(result.findings, severity);
    if (group.length === 0) continue;
    lines.push('', `${severityTitle[severity]} (${group.length})`);
    group.forEach((finding, i) => {
      // Findings of one rule that share symptom and fix (one per history file, say) print them once, after the last.
      const next = group[i + 1];
      const sameAsNext = next !== undefined && next.ruleId === finding.ruleId && next.symptom === finding.symptom && next.fix === finding.fix;
      lines.push(...findingLines(finding, !sameAsNext));
    });
  }
  if (result.notRun.length > 0) {
    lines.push('', `Not run (${result.notRun.length})`);
    for (const n of result.notRun) lines.push(`  ${n.ruleId}: ${oneLine(n.reason)}`);
  }
  if (result.image.problems.length > 0) {
    lines.push('', `${toleratedTitle} (${result.image.problems.length})`);
    for (const problem of result.image.problems) lines.push(`  ${oneLine(problem)}`);
  }
  lines.push('', ioLine(result.io));
  return neutraliseOutput(redact(lines.join('\n') + '\n'));
}

/** The one line printed when the image could not be inspected at all (exit 2). */
export function renderErrorText(source: string, record: ErrorRecord): string {
  return neutraliseOutput(redact(`vhd-gate: cannot inspect ${oneLine(source)}: ${oneLine(describeRecord(record))}\n`));
}

function verdictWord(verdict: CheckResult['verdict']): string {
  return verdict === 'pass' ? 'PASS' : verdict === 'fail' ? 'FAIL' : 'ERROR';
}

function findingLines(finding: Finding, withAdvice: boolean): string[] {
  // Symptom and fix may span lines on purpose; each line is still shown as one line of text.
  const field = (name: string, text: string) => `      ${`${name}:`.padEnd(10)}${text.split(/\r?\n/).map(oneLine).join(`\n${' '.repeat(16)}`)}`;
  const lines = [`  [${finding.severity}] ${finding.ruleId}: ${oneLine(finding.message)}`];
  for (const evidence of finding.evidence) lines.push(field('evidence', evidenceLine(evidence)));
  if (!withAdvice) return lines;
  lines.push(field('symptom', finding.symptom));
  lines.push(field('fix', finding.fix));
  lines.push(field('docs', oneLine(finding.docs)));
  return lines;
}

/** "I/O: read 1.5 MiB (1572864 bytes) in 42 reads, 0.31 s". */
export function ioLine(io: CheckResult['io']): string {
  const total = `I/O: read ${humanBytes(io.bytesRead)}${io.bytesRead >= 1024 ? ` (${io.bytesRead} bytes)` : ''} in ${io.reads} reads, ${io.seconds.toFixed(2)} s`;
  if (!io.layers?.length) return total;
  const split = io.layers.map((l) => `${l.layer} ${humanBytes(l.bytesRead)}/${l.reads} reads/${l.seconds.toFixed(2)} s`).join(', ');
  return `${total}\n     by layer: ${split}`;
}
