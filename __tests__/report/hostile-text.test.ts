import { describe, expect, it } from '@jest/globals';
import type { ErrorRecord } from '../../src/error-record.js';
import type { CheckResult } from '../../src/model.js';
import { annotations, checkSummaryMarkdown, errorSummaryMarkdown } from '../../src/report/github.js';
import { renderInspectText } from '../../src/report/inspect-text.js';
import { checkReport, errorReport, inspectReport, renderJson } from '../../src/report/json.js';
import { renderCheckText, renderErrorText } from '../../src/report/text.js';
import { vsoCheckCommands, vsoErrorCommands } from '../../src/report/vso.js';
import { failingResult, guestErrorResult } from './sample-results.js';

/**
 * Every place a reporter puts image text, filled with attacks: finding messages, evidence paths,
 * excerpts and details, detected evidence, not-run reasons, tolerated problems, labels, error
 * records (path and message). The image fixture (e2e/hostile.test.ts) reaches the common
 * fields; this reaches the error paths too.
 */
const attack = 'a\n::error::x\r##vso[task.setvariable variable=v]1\x1b]8;;http://e\x07\u202e|`<script>';

function hostileError(): ErrorRecord {
  return { layer: 'filesystem', kind: 'corrupt', offset: 0x400, path: `/etc/${attack}`, message: `bad directory ${attack}` };
}

function hostileResult(base: CheckResult): CheckResult {
  return {
    ...base,
    findings: base.findings.map((f) => ({
      ...f,
      message: `${f.message} ${attack}`,
      evidence: [{ path: `/home/${attack}`, line: 3, excerpt: attack, detail: attack }],
      fix: `${f.fix}\n${attack}`,
    })),
    notRun: base.notRun.map((n) => ({ ...n, reason: attack })),
    detected: { ...base.detected, evidence: [attack] },
    image: {
      ...base.image,
      problems: [attack],
      filesystems: base.image.filesystems.map((f) => ({ ...f, label: attack })),
      partitionTable: { ...base.image.partitionTable, partitions: base.image.partitionTable.partitions.map((p) => ({ ...p, label: attack })) },
    },
  };
}

/** Lines vhd-gate emits on purpose: its own logging commands. */
const deliberate = /^##vso\[task\.(logissue|complete) [^\]]*\]/;

function expectInert(label: string, text: string): void {
  for (const line of text.split('\n')) {
    const rest = deliberate.test(line) ? line.replace(deliberate, '') : line;
    expect([label, rest]).not.toEqual([label, expect.stringMatching(/^\s*::|##(vso)?\[/i)]);
  }
  expect([label, /[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e]/.exec(text)?.[0]]).toEqual([label, undefined]);
}

describe('reporters with image text in every field', () => {
  const failing = hostileResult(failingResult());
  const guestError = { ...hostileResult(guestErrorResult()), guestError: hostileError() };
  const record = hostileError();

  it.each([
    ['check text', () => renderCheckText(failing, { failOn: 'error' })],
    ['check text, guest error', () => renderCheckText(guestError, { failOn: 'error' })],
    ['error text', () => renderErrorText(attack, record)],
    // Facts in the inspect view are covered by the image fixture (e2e/hostile.test.ts); here the image tree and the error.
    ['inspect text', () => renderInspectText({ ...failing, facts: undefined })],
    ['inspect text, guest error', () => renderInspectText(guestError)],
    ['check json', () => renderJson(checkReport(failing))],
    ['check json, guest error', () => renderJson(checkReport(guestError))],
    ['inspect json', () => renderJson(inspectReport(failing))],
    ['error json', () => renderJson(errorReport(attack, record))],
    ['vso', () => vsoCheckCommands(failing).join('\n')],
    ['vso, guest error', () => vsoCheckCommands(guestError).join('\n')],
    ['vso, error', () => vsoErrorCommands(record).join('\n')],
    ['summary', () => checkSummaryMarkdown(failing)],
    ['summary, guest error', () => checkSummaryMarkdown(guestError)],
    ['summary, error', () => errorSummaryMarkdown(attack, record)],
    ['annotations', () => annotations(failing).map((a) => a.message).join('\n')],
  ])('%s: no runner command, no raw control character', (label, render) => {
    const text = render();
    expect(text).toMatch(/vso/);
    expectInert(label, text);
  });

  it('JSON parses back to the exact image text', () => {
    const report = JSON.parse(renderJson(checkReport(guestError)));
    expect(report.guestError.path).toBe(`/etc/${attack}`);
    expect(report.detected.evidence).toEqual([attack]);
  });

  it('the summary never renders image HTML and keeps one row per finding', () => {
    const summary = checkSummaryMarkdown(failing);
    const outsideCode = summary.replace(/(?<![\\`])(`+)(?!`)(.+?)(?<!`)\1(?!`)/g, '');
    expect(outsideCode).not.toMatch(/<script/);
    const rows = summary.split('\n').filter((l) => /^\| (error|warning|info) \|/.test(l));
    expect(rows).toHaveLength(failing.findings.length);
    for (const row of rows) expect(row.replace(/\\\|/g, '').split('|').length - 1).toBe(6);
  });
});
