import { describe, expect, it } from '@jest/globals';
import { escapeVso, vsoCheckCommands, vsoCommand } from '../../src/report/vso.js';
import { failingResult } from './sample-results.js';

/**
 * The agent's own decoding (microsoft/azure-pipelines-agent src/Agent.Sdk/CommandStringConvertor.cs,
 * Unescape with unescapePercents=true), written out here independently of the encoder so the
 * test checks what a real agent would read back.
 */
function agentUnescape(escaped: string): string {
  let text = escaped;
  for (const [token, replacement] of [[';', '%3B'], ['\r', '%0D'], ['\n', '%0A'], [']', '%5D']] as const) {
    text = text.split(replacement).join(token);
  }
  return text.split('%AZP25').join('%');
}

describe('Azure Pipelines escaping', () => {
  it.each([
    ['plain', 'plain'],
    ['a;b', 'a%3Bb'],
    ['x]y', 'x%5Dy'],
    ['100%', '100%AZP25'],
    ['line1\nline2', 'line1%0Aline2'],
    ['cr\r\nlf', 'cr%0D%0Alf'],
    ['%3B literal', '%AZP253B literal'],
    ['[a];b%\n', '[a%5D%3Bb%AZP25%0A'],
  ])('%j -> %j', (input, escaped) => {
    expect(escapeVso(input)).toBe(escaped);
    expect(agentUnescape(escaped)).toBe(input);
  });

  it('a command keeps its structure whatever the message holds', () => {
    const line = vsoCommand('task.logissue', [['type', 'error'], ['sourcepath', '/etc/a;b]c'], ['linenumber', 3], ['code', 'X']], 'm]sg;\nnext');
    expect(line).toBe('##vso[task.logissue type=error;sourcepath=/etc/a%3Bb%5Dc;linenumber=3;code=X;]m%5Dsg%3B%0Anext');
    expect(line.split('\n')).toHaveLength(1);
    expect(line.indexOf(']')).toBe(line.lastIndexOf(']'));
  });

  it('drops properties that are not set', () => {
    expect(vsoCommand('task.logissue', [['type', 'warning'], ['sourcepath', undefined], ['code', 'R']], 'm')).toBe('##vso[task.logissue type=warning;code=R;]m');
  });
});

/** Command.TryParse of the agent: command up to the first `]` after the prefix, properties split at `;`. */
function agentParse(line: string): { command: string; properties: Record<string, string>; data: string } {
  const start = line.indexOf('##vso[');
  const end = line.indexOf(']', start);
  const info = line.substring(start + 6, end);
  const space = info.indexOf(' ');
  const properties: Record<string, string> = {};
  for (const pair of (space < 0 ? '' : info.substring(space + 1)).split(';').filter(Boolean)) {
    const eq = pair.indexOf('=');
    properties[pair.substring(0, eq)] = agentUnescape(pair.substring(eq + 1));
  }
  return { command: space < 0 ? info : info.substring(0, space), properties, data: agentUnescape(line.substring(end + 1)) };
}

describe('what the agent reads back from the findings', () => {
  it('gets every rule ID, path, line and message exactly', () => {
    const result = failingResult();
    const lines = vsoCheckCommands(result);
    const issues = lines.slice(0, -1).map(agentParse);
    const expected = result.findings.filter((f) => f.severity !== 'info');
    expect(issues).toHaveLength(expected.length);
    issues.forEach((issue, i) => {
      const finding = expected[i]!;
      const located = finding.evidence.find((e) => e.path);
      expect(issue.command).toBe('task.logissue');
      expect(issue.properties).toEqual({
        type: finding.severity,
        ...(located?.path ? { sourcepath: located.path } : {}),
        ...(located?.line ? { linenumber: String(located.line) } : {}),
        code: finding.ruleId,
      });
      expect(issue.data).toBe(`${finding.message} Fix: ${finding.fix} Docs: ${finding.docs}`);
    });
    expect(agentParse(lines.at(-1)!)).toEqual({ command: 'task.complete', properties: { result: 'Failed' }, data: 'done' });
  });
});
