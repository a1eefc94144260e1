import type { CheckResult } from '../model.js';
import type { Finding } from '../rules/types.js';
import { describeRecord, type ErrorRecord } from '../error-record.js';
import { waiverText } from './findings.js';
import { oneLine } from './neutralise.js';
import { redact } from './redact.js';

/**
 * Azure Pipelines logging commands (`##vso[area.action key=value;...]message`), one per line
 * (learn.microsoft.com/azure/devops/pipelines/scripts/logging-commands: "Each logging
 * command must be on a single line").
 *
 * Escaping follows what the agent decodes. microsoft/azure-pipelines-agent
 * src/Microsoft.VisualStudio.Services.Agent/Command.cs (Command.TryParse) takes the text up
 * to the first `]` after `##vso[` as the command, splits properties at `;`, and runs both
 * every property value and the message through src/Agent.Sdk/CommandStringConvertor.cs
 * Unescape: `%3B` -> `;`, `%0D` -> CR, `%0A` -> LF, `%5D` -> `]`, then `%AZP25` -> `%`
 * (percent decoding is on by default in current agents). So `escapeVso` encodes `%` first,
 * then those four, and is applied to values and messages alike. (azure-pipelines-task-lib's
 * taskcommand.ts leaves `;` and `]` in messages alone; encoding them too is harmless since the
 * agent decodes them, and keeps a message from ever looking like more command.)
 */
const escapes: [string, string][] = [
  [';', '%3B'],
  ['\r', '%0D'],
  ['\n', '%0A'],
  [']', '%5D'],
];

/** Escapes one property value or message for a logging command. */
export function escapeVso(text: string): string {
  let escaped = text.split('%').join('%AZP25');
  for (const [token, replacement] of escapes) escaped = escaped.split(token).join(replacement);
  return escaped;
}

/**
 * One command line; properties in the given order, values and message redacted, then each line
 * of them neutralised (unsafe characters shown, any `##vso[` inside broken: report/neutralise.ts)
 * so the text the agent decodes holds no second command, then escaped.
 */
export function vsoCommand(command: string, properties: [string, string | number | undefined][], message: string): string {
  const props = properties
    .filter((p): p is [string, string | number] => p[1] !== undefined)
    .map(([key, value]) => `${key}=${escapeVso(oneLine(redact(String(value))))}`)
    .join(';');
  return `##vso[${command} ${props}${props ? ';' : ''}]${escapeVso(redact(message).split(/\r?\n/).map(oneLine).join('\n'))}`;
}

/** task.logissue for each error and warning finding (the command has no info type), then task.complete. */
export function vsoCheckCommands(result: CheckResult): string[] {
  const lines: string[] = [];
  for (const finding of result.findings) {
    if (finding.severity === 'info') continue;
    lines.push(logIssue(finding));
  }
  if (result.verdict === 'error' && result.guestError) {
    lines.push(vsoCommand('task.logissue', [['type', 'error']], describeRecord(result.guestError)));
  }
  const issues = result.findings.some((f) => f.severity !== 'info');
  const outcome = result.verdict === 'pass' ? (issues ? 'SucceededWithIssues' : 'Succeeded') : 'Failed';
  lines.push(vsoCommand('task.complete', [['result', outcome]], 'done'));
  return lines;
}

/** The commands when the image could not be inspected: one error, then Failed. */
export function vsoErrorCommands(record: ErrorRecord): string[] {
  return [
    vsoCommand('task.logissue', [['type', 'error'], ['code', `${record.layer}-${record.kind}`]], describeRecord(record)),
    vsoCommand('task.complete', [['result', 'Failed']], 'done'),
  ];
}

function logIssue(finding: Finding): string {
  // sourcepath/linenumber point at the guest file; Azure Pipelines shows them beside the message.
  const located = finding.evidence.find((e) => e.path !== undefined);
  // A waived finding is logged as a warning that says so: the team accepted it, it does not fail the job.
  const waived = finding.waiver ? `[waived ${finding.severity}: ${waiverText(finding.waiver)}] ` : '';
  return vsoCommand(
    'task.logissue',
    [
      ['type', finding.waiver ? 'warning' : finding.severity],
      ['sourcepath', located?.path],
      ['linenumber', located?.line],
      ['code', finding.ruleId],
    ],
    `${waived}${finding.message} Fix: ${finding.fix} Docs: ${finding.docs}`,
  );
}
