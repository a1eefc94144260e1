import type { Evidence, Finding, FindingWaiver, Severity } from '../rules/types.js';
import { oneLine } from './neutralise.js';

/** Severities from most to least severe: the order every report groups findings in. */
export const severities: readonly Severity[] = ['error', 'warning', 'info'];

/** Headings for each severity group. */
export const severityTitle: Record<Severity, string> = { error: 'Errors', warning: 'Warnings', info: 'Info' };

/**
 * Heading of image.problems in the reports: what the readers read past (a bad backup GPT, XFS
 * CRC mismatches, an fstab line that matches no volume). The verdict stands, but a user should
 * know the image is not clean.
 */
export const toleratedTitle = 'Problems the readers tolerated';

/** Findings of one severity, in the order the engine produced them. */
export function bySeverity(findings: readonly Finding[], severity: Severity): Finding[] {
  return findings.filter((f) => f.severity === severity);
}

/**
 * The verdict's count of findings that are not waived: "3 errors, 1 warning (1 waived)"; info
 * findings are counted only when there are some, waived ones in brackets.
 */
export function verdictCounts(findings: readonly Finding[]): string {
  const active = findings.filter((f) => !f.waiver);
  const n = (s: Severity) => bySeverity(active, s).length;
  const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
  const waived = findings.length - active.length;
  return `${plural(n('error'), 'error')}, ${plural(n('warning'), 'warning')}${n('info') > 0 ? `, ${n('info')} info` : ''}${waived > 0 ? ` (${waived} waived)` : ''}`;
}

/** "accepted until the fix lands (.vhd-gate.yml line 4, expires 2026-12-31)". */
export function waiverText(waiver: FindingWaiver): string {
  return `${oneLine(waiver.justification)} (${oneLine(waiver.source)}${waiver.expires ? `, expires ${waiver.expires}` : ''})`;
}

/** How one output syntax renders image text and code (an excerpt); both must keep it on one line. */
export interface TextStyle {
  text: (text: string) => string;
  code: (text: string) => string;
}

/** Plain one-line text (terminal, log, annotation, logging command): unsafe characters shown visibly. */
export const plainStyle: TextStyle = { text: oneLine, code: (text) => `\`${oneLine(text)}\`` };

/** One line for one piece of evidence: "/etc/waagent.conf:12 `Provisioning.Agent=auto`", or its detail. */
export function evidenceLine(evidence: Evidence, style: TextStyle = plainStyle): string {
  const parts: string[] = [];
  if (evidence.path) parts.push(style.text(evidence.line === undefined ? evidence.path : `${evidence.path}:${evidence.line}`));
  if (evidence.excerpt) parts.push(style.code(evidence.excerpt));
  if (evidence.detail) parts.push(style.text(evidence.detail));
  return parts.join(' ');
}

/** Bytes as "1.5 MiB" (binary units, one decimal). */
export function humanBytes(bytes: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${bytes} bytes` : `${value.toFixed(1)} ${units[unit]}`;
}
