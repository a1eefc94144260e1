import { isObject } from '../intent/arm-template.js';
import { schemaVersion } from '../report/json.js';
import { mdCode, mdText } from '../report/markdown.js';
import { neutraliseOutput, oneLine } from '../report/neutralise.js';
import { plain, type Plain } from '../report/plain.js';
import { redact } from '../report/redact.js';

/**
 * `vhd-gate merge-reports`: the JSON reports of many gate jobs (docs/json-report.md, schema
 * version 2) as one table, worst first. A report that cannot be read (a gate job that died
 * before writing it, a file of another schema) is a row of its own with verdict `error`,
 * never silently dropped: a fleet audit must not pass because a leg went missing.
 */

/** Severity counts of one report's findings. */
export interface SeverityCounts {
  error: number;
  warning: number;
  info: number;
}

/** One image of the merged table. */
export interface MergedRow {
  /** The report file it came from. */
  report: string;
  /** The image as the report names it (a blob URL without SAS), else the report file. */
  source: string;
  /** pass, fail, or error (not inspected, or the report unreadable). */
  verdict: 'pass' | 'fail' | 'error';
  /** Declared OS state and Hyper-V generation, when the report has them. */
  intended: { osState: string | null; hyperVGeneration: string | null };
  /** Detected OS state, or null (not inspected). */
  detected: string | null;
  counts: SeverityCounts;
  /** Rules with an error or warning finding, most severe first, each once per severity. */
  rules: { ruleId: string; severity: 'error' | 'warning' }[];
  /** Why the image was not judged, for verdict error. */
  error: string | null;
}

/** How often each rule fired across the fleet. */
export interface RuleTally {
  ruleId: string;
  severity: 'error' | 'warning';
  images: number;
}

/** The merged result. */
export interface MergedReports {
  rows: MergedRow[];
  totals: { images: number; pass: number; fail: number; error: number };
  rules: RuleTally[];
}

/** Schema version of the merged JSON (its own family; docs/json-report.md, "Merged report"). */
export const mergedSchemaVersion = 1;

/** Verdict order, worst first: a confirmed failure, then an image nobody could judge, then passes. */
const verdictRank = { fail: 0, error: 1, pass: 2 } as const;

/** One report file as read: its text, or why it could not be read. */
export type ReportInput = { file: string; text: string } | { file: string; unreadable: string };

/** Merges the reports, sorted worst first (verdict, then error count, warning count, image name). */
export function mergeReports(inputs: ReportInput[]): MergedReports {
  const rows = inputs.map(rowOf).sort(
    (a, b) =>
      verdictRank[a.verdict] - verdictRank[b.verdict] ||
      b.counts.error - a.counts.error ||
      b.counts.warning - a.counts.warning ||
      (a.source < b.source ? -1 : a.source > b.source ? 1 : 0),
  );
  const tally = new Map<string, RuleTally>();
  for (const row of rows) {
    for (const { ruleId, severity } of row.rules) {
      const t = tally.get(`${ruleId} ${severity}`) ?? { ruleId, severity, images: 0 };
      t.images++;
      tally.set(`${ruleId} ${severity}`, t);
    }
  }
  const rules = [...tally.values()].sort((a, b) => (a.severity === b.severity ? b.images - a.images || (a.ruleId < b.ruleId ? -1 : 1) : a.severity === 'error' ? -1 : 1));
  const count = (v: MergedRow['verdict']) => rows.filter((r) => r.verdict === v).length;
  return { rows, totals: { images: rows.length, pass: count('pass'), fail: count('fail'), error: count('error') }, rules };
}

/** The exit code of merge-reports: 0 when every image passed, 1 otherwise. */
export function mergedExitCode(merged: MergedReports): 0 | 1 {
  return merged.totals.pass === merged.totals.images ? 0 : 1;
}

function rowOf(input: ReportInput): MergedRow {
  const unjudged = (why: string): MergedRow => ({
    report: input.file,
    source: input.file,
    verdict: 'error',
    intended: { osState: null, hyperVGeneration: null },
    detected: null,
    counts: { error: 0, warning: 0, info: 0 },
    rules: [],
    error: why,
  });
  if ('unreadable' in input) return unjudged(`cannot read the report: ${input.unreadable}`);
  let doc: unknown;
  try {
    doc = JSON.parse(input.text);
  } catch (error) {
    return unjudged(`not a JSON report: ${(error as Error).message}`);
  }
  if (!isObject(doc)) return unjudged('not a JSON report object');
  if (doc.schemaVersion !== schemaVersion) return unjudged(`schemaVersion ${JSON.stringify(doc.schemaVersion)}; merge-reports reads version ${schemaVersion} (vhd-gate check --format json)`);
  if (doc.verdict !== 'pass' && doc.verdict !== 'fail' && doc.verdict !== 'error') return unjudged('not a check report (no verdict: an inspect report?)');
  const image = isObject(doc.image) ? doc.image : {};
  const intent = isObject(doc.intent) ? doc.intent : {};
  const detected = isObject(doc.detected) ? doc.detected : {};
  const findings = Array.isArray(doc.findings) ? doc.findings.filter(isObject) : [];
  const counts: SeverityCounts = { error: 0, warning: 0, info: 0 };
  const rules: MergedRow['rules'] = [];
  for (const severity of ['error', 'warning', 'info'] as const) {
    for (const f of findings.filter((f) => f.severity === severity)) {
      counts[severity]++;
      const ruleId = String(f.ruleId);
      if (severity !== 'info' && !rules.some((r) => r.ruleId === ruleId && r.severity === severity)) rules.push({ ruleId, severity });
    }
  }
  const errorRecord = isObject(doc.error) ? doc.error : isObject(doc.guestError) ? doc.guestError : undefined;
  return {
    report: input.file,
    source: typeof image.source === 'string' ? image.source : input.file,
    verdict: doc.verdict,
    intended: { osState: stringOrNull(intent.osState), hyperVGeneration: stringOrNull(intent.hyperVGeneration) },
    detected: stringOrNull(detected.osState),
    counts,
    rules,
    error: doc.verdict === 'error' ? (errorRecord && typeof errorRecord.message === 'string' ? `${String(errorRecord.layer)} (${String(errorRecord.kind)}): ${errorRecord.message}` : 'the image could not be inspected') : null,
  };
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

function headline(merged: MergedReports): string {
  const { images, pass, fail, error } = merged.totals;
  const parts = [`${fail} fail`, `${error} could not be inspected`, `${pass} pass`];
  return `${images} image${images === 1 ? '' : 's'}: ${parts.join(', ')}`;
}

function countsText(c: SeverityCounts): string {
  return `${c.error} error${c.error === 1 ? '' : 's'}, ${c.warning} warning${c.warning === 1 ? '' : 's'}`;
}

function intendedText(row: MergedRow): string {
  return [row.intended.osState, row.intended.hyperVGeneration].filter((v) => v !== null).join(' ') || '-';
}

/** Markdown for $GITHUB_STEP_SUMMARY (or an Azure Pipelines summary): headline, one row per image, rule tally. */
export function renderMergedMarkdown(merged: MergedReports): string {
  const verdictCell = { pass: 'PASS', fail: '**FAIL**', error: '**ERROR**' } as const;
  const out = [`## vhd-gate fleet audit: ${mdText(headline(merged))}`, ''];
  out.push('| Verdict | Image | Intended | Detected | Findings | Rules |', '|---|---|---|---|---|---|');
  for (const row of merged.rows) {
    const rules = row.error !== null ? mdText(row.error) : row.rules.map((r) => mdCode(r.ruleId)).join(' ');
    out.push(`| ${verdictCell[row.verdict]} | ${mdCode(row.source)} | ${mdText(intendedText(row))} | ${mdText(row.detected ?? '-')} | ${countsText(row.counts)} | ${rules} |`);
  }
  if (merged.rules.length > 0) {
    out.push('', '### Rules across the fleet', '', '| Rule | Severity | Images |', '|---|---|---|');
    for (const r of merged.rules) out.push(`| ${mdCode(r.ruleId)} | ${r.severity} | ${r.images} |`);
  }
  out.push('');
  return neutraliseOutput(redact(out.join('\n')));
}

/** Plain text: the headline, then one line per image, columns aligned. */
export function renderMergedText(merged: MergedReports): string {
  const rows = merged.rows.map((row) => [
    row.verdict.toUpperCase(),
    oneLine(row.source),
    oneLine(intendedText(row)),
    oneLine(row.detected ?? '-'),
    countsText(row.counts),
    oneLine(row.error ?? row.rules.map((r) => r.ruleId).join(', ')),
  ]);
  const header = ['VERDICT', 'IMAGE', 'INTENDED', 'DETECTED', 'FINDINGS', 'RULES / ERROR'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ').trimEnd();
  const out = [`vhd-gate: ${headline(merged)}`, '', line(header), ...rows.map(line)];
  if (merged.rules.length > 0) out.push('', 'rules across the fleet:', ...merged.rules.map((r) => `  ${oneLine(r.ruleId)} (${r.severity}): ${r.images} image${r.images === 1 ? '' : 's'}`));
  return neutraliseOutput(redact(`${out.join('\n')}\n`));
}

/** The merged JSON (docs/json-report.md, "Merged report"): plain data for report/json.ts renderJson. */
export function mergedJson(merged: MergedReports): { [key: string]: Plain } {
  return plain({ schemaVersion: mergedSchemaVersion, kind: 'merged', totals: merged.totals, images: merged.rows, rules: merged.rules }) as { [key: string]: Plain };
}
