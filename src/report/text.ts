import type { CheckResult } from '../model.js';
import type { Finding } from '../rules/types.js';
import { describeRecord, type ErrorRecord } from '../error-record.js';
import { bySeverity, evidenceLine, humanBytes, severities, severityTitle, toleratedTitle, verdictCounts, waiverText } from './findings.js';
import { intentSummary, osStateMismatch } from './intent-lines.js';
import { neutraliseOutput, oneLine } from './neutralise.js';
import { redact } from './redact.js';

/**
 * Console report of a check, for people: the verdict line first (what a CI log preview and
 * `--quiet` show), intent vs detected, findings grouped by severity, the waived ones, rules not
 * run, problems the readers tolerated, I/O.
 * Text that may come from the image is put on its line by `oneLine`; the whole report then goes
 * through `neutraliseOutput` (report/neutralise.ts), so no line of it can run a runner command.
 * Colour is added afterwards, by line, only for a terminal (report/color.ts).
 */
export function renderCheckText(result: CheckResult, options: { failOn: 'error' | 'warning' }): string {
  const lines: string[] = [];
  lines.push(verdictText(result));
  if (result.guestError) {
    lines.push(`  could not read the guest: ${oneLine(describeRecord(result.guestError))}`);
  }
  lines.push('');
  lines.push(`Intent:   ${oneLine(intentSummary(result.intent).join('; ')) || '(none)'}`);
  for (const note of result.intent.notes ?? []) lines.push(`          note: ${oneLine(note)}`);
  lines.push(`Detected: ${result.detected.osState}${osStateMismatch(result.intent, result.detected.osState)}`);
  for (const evidence of result.detected.evidence) lines.push(`  - ${oneLine(evidence)}`);
  lines.push(`Fails on: ${options.failOn}${options.failOn === 'warning' ? ' and error' : ''} findings that are not waived`);

  const active = result.findings.filter((f) => !f.waiver);
  for (const severity of severities) {
    const group = bySeverity(active, severity);
    if (group.length === 0) continue;
    lines.push('', `${severityTitle[severity]} (${group.length})`);
    lines.push(...groupLines(group));
  }
  const waived = result.findings.filter((f) => f.waiver);
  if (waived.length > 0) {
    lines.push('', `${waivedTitle} (${waived.length})`);
    lines.push(...groupLines(waived));
  }
  const unreadable = result.notRun.filter((n) => !n.undeclared?.length);
  if (unreadable.length > 0) {
    lines.push('', `Not run (${unreadable.length})`);
    for (const n of unreadable) lines.push(`  ${n.ruleId}: ${oneLine(n.reason)}`);
  }
  const undeclared = result.notRun.filter((n) => n.undeclared?.length);
  if (undeclared.length > 0) {
    lines.push('', `Not run, setting not declared (${undeclared.length})`);
    for (const n of undeclared) lines.push(`  ${n.ruleId}: ${oneLine(n.reason)}`);
  }
  if (result.image.problems.length > 0) {
    lines.push('', `${toleratedTitle} (${result.image.problems.length})`);
    for (const problem of result.image.problems) lines.push(`  ${oneLine(problem)}`);
  }
  lines.push('', ioLine(result.io));
  return neutraliseOutput(redact(lines.join('\n') + '\n'));
}

/** Heading of the waived findings in the text report and the job summary. */
export const waivedTitle = 'Waived';

/**
 * The one-line verdict: "FAIL: 3 errors, 1 warning (1 waived) — disk.vhd as generalized V2".
 * Counts are of findings that are not waived; `--quiet` prints only this line.
 */
export function verdictLine(result: CheckResult): string {
  return neutraliseOutput(redact(verdictText(result)));
}

function verdictText(result: CheckResult): string {
  const intent = [result.intent.osState, result.intent.hyperVGeneration, result.intent.architecture, result.intent.securityType].filter((v) => v !== undefined);
  const guest = result.verdict === 'error' ? 'guest not readable; ' : '';
  return `${verdictWord(result.verdict)}: ${guest}${verdictCounts(result.findings)} — ${oneLine(result.image.source)}${intent.length ? ` as ${intent.join(' ')}` : ''}`;
}

/** Findings of one group; consecutive findings of one rule that share symptom and fix print them once, after the last. */
function groupLines(group: readonly Finding[]): string[] {
  return group.flatMap((finding, i) => {
    const next = group[i + 1];
    const sameAsNext = next !== undefined && next.ruleId === finding.ruleId && next.symptom === finding.symptom && next.fix === finding.fix;
    return findingLines(finding, !sameAsNext);
  });
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
  if (finding.waiver) lines.push(field('waived', waiverText(finding.waiver)));
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
