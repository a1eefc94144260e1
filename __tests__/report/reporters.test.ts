import { describe, expect, it } from '@jest/globals';
import { ContainerError } from '../../src/errors.js';
import { errorRecord } from '../../src/report/error-record.js';
import { annotations, annotationLimit, checkSummaryMarkdown, errorSummaryMarkdown } from '../../src/report/github.js';
import { renderInspectText } from '../../src/report/inspect-text.js';
import { checkReport, errorReport, inspectReport, renderJson } from '../../src/report/json.js';
import { renderCheckText, renderErrorText } from '../../src/report/text.js';
import { vsoCheckCommands, vsoErrorCommands } from '../../src/report/vso.js';
import { expectGolden } from './golden.js';
import { failingResult, guestErrorResult, manyErrorsResult, passingResult } from './sample-results.js';

const results = { failing: failingResult, passing: passingResult, 'guest-error': guestErrorResult };
const containerError = errorRecord(new ContainerError('unsupported', 'unsupported container: qcow2 (QFI\\xfb magic); convert it with qemu-img convert -O vpc', { offset: 0 }));

describe.each(Object.entries(results))('%s result', (name, make) => {
  it('text', () => expectGolden(`${name}.txt`, renderCheckText(make(), { failOn: 'error' })));
  it('json', () => expectGolden(`${name}.json`, renderJson(checkReport(make()))));
  it('azure pipelines', () => expectGolden(`${name}.vso.txt`, vsoCheckCommands(make()).join('\n') + '\n'));
  it('github summary', () => expectGolden(`${name}.summary.md`, checkSummaryMarkdown(make())));
});

describe('cannot inspect', () => {
  it('text is one line', () => {
    const text = renderErrorText('disk.qcow2', containerError);
    expect(text.trimEnd().split('\n')).toHaveLength(1);
    expectGolden('error.txt', text);
  });
  it('json', () => expectGolden('error.json', renderJson(errorReport('disk.qcow2', containerError, { osState: 'generalized', sources: { osState: '--os-state' } }))));
  it('azure pipelines', () => expectGolden('error.vso.txt', vsoErrorCommands(containerError).join('\n') + '\n'));
  it('github summary', () => expectGolden('error.summary.md', errorSummaryMarkdown('disk.qcow2', containerError)));
});

describe('inspect', () => {
  it('text tree', () => expectGolden('inspect.txt', renderInspectText(failingResult())));
  it('json', () => expectGolden('inspect.json', renderJson(inspectReport(failingResult()))));
});

describe('json report', () => {
  it('is deterministic and never carries byte sources', () => {
    const a = renderJson(checkReport(failingResult()));
    const b = renderJson(checkReport(failingResult()));
    expect(a).toBe(b);
    const parsed = JSON.parse(a);
    expect(Object.keys(parsed)).toEqual(['schemaVersion', 'verdict', 'intent', 'detected', 'image', 'guestError', 'findings', 'notRun', 'io']);
    expect(Object.keys(parsed.image.partitionTable.partitions[0])).not.toContain('source');
    expect(parsed.image.partitionTable.partitions[0].start).toBe(0x100000);
  });

  it('a result with verdict error also carries the error record', () => {
    const parsed = JSON.parse(renderJson(checkReport(guestErrorResult())));
    expect(parsed.error).toEqual({ layer: 'filesystem', kind: 'corrupt', offset: 0x400, message: 'ext4 superblock magic is 0x0000, expected 0xef53' });
  });
});

describe('secrets', () => {
  /** The source is a SAS URL, and a finding message quotes one too (as a blob error might). */
  const leaky = () => {
    const result = failingResult();
    result.findings[0]!.message += ' (seen in https://acct.blob.core.windows.net/x?sp=r&sig=AbCdef)';
    return result;
  };
  const renderings: [string, () => string][] = [
    ['text', () => renderCheckText(leaky(), { failOn: 'error' })],
    ['json', () => renderJson(checkReport(leaky()))],
    ['vso', () => vsoCheckCommands(leaky()).join('\n')],
    ['summary', () => checkSummaryMarkdown(leaky())],
    ['annotations', () => annotations(leaky()).map((a) => a.message).join('\n')],
    ['inspect', () => renderInspectText(leaky())],
  ];
  it.each(renderings)('%s output masks SAS signatures', (_name, render) => {
    const out = render();
    expect(out).toContain('sig=***');
    expect(out).not.toContain('AbC');
  });
});

describe('github annotations', () => {
  it('one per finding with the rule ID as title, info as notice', () => {
    const list = annotations(failingResult());
    expect(list.map((a) => [a.level, a.title])).toEqual([
      ['error', 'GEN-WAAGENT-MARKER'],
      ['error', 'PA-CI-REPORTED-READY'],
      ['warning', 'SSH-CLIENTALIVE'],
      ['notice', 'PA-CI-KVP'],
    ]);
    expect(list[0]!.message).toContain('/etc/waagent.conf:12 `Lib.Dir=/var/lib/waagent`');
  });

  it(`stops at ${annotationLimit} per type and the summary says the table has them all`, () => {
    const result = manyErrorsResult();
    expect(annotations(result).filter((a) => a.level === 'error')).toHaveLength(annotationLimit);
    const summary = checkSummaryMarkdown(result);
    expect(summary).toContain('only the first 10 errors are annotated; this table is the full list');
    expect(summary.match(/\| error \| \[TEST-RULE-/g)).toHaveLength(12);
  });
});
