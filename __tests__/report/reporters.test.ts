import { describe, expect, it } from '@jest/globals';
import { ContainerError } from '../../src/errors.js';
import { errorRecord } from '../../src/error-record.js';
import { annotations, annotationLimit, checkSummaryMarkdown, errorSummaryMarkdown } from '../../src/report/github.js';
import { renderInspectText } from '../../src/report/inspect-text.js';
import { checkReport, errorReport, inspectReport, renderJson } from '../../src/report/json.js';
import { renderCheckText, renderErrorText } from '../../src/report/text.js';
import { vsoCheckCommands, vsoErrorCommands } from '../../src/report/vso.js';
import { expectGolden } from './golden.js';
import { failingResult, guestErrorResult, manyErrorsResult, passingResult, waivedResult } from './sample-results.js';
import { collectFacts } from '../../src/facts/index.js';
import type { CheckResult } from '../../src/model.js';
import { memoryGuest } from '../helpers/memory-guest.js';
import { bareDebian, cloudInit, waagent } from '../data/agents/scenarios.js';

/** The inspect view renders facts as the collectors shape them: collect them from real Debian 12 package files. */
async function withCollectedFacts(result: CheckResult): Promise<CheckResult> {
  const tree = {
    ...bareDebian(),
    ...cloudInit(),
    ...waagent('auto'),
    '/etc/os-release': 'PRETTY_NAME="Ubuntu 22.04.4 LTS"\nNAME="Ubuntu"\nVERSION_ID="22.04"\nID=ubuntu\nID_LIKE=debian\n',
    '/etc/passwd': 'root:x:0:0:root:/root:/bin/bash\nalice:x:1000:1000::/home/alice:/bin/bash\n',
    '/etc/shadow': 'root:*LOCK*:14600::::::\nalice:$6$fixturesalt$HPJPbpnTvGFFuukJcvmmaHzSH750dVt6RDHN1jmrIXeTQiXREeVV0rgEKnZP5phNNiHNvCoKJh.ucGKZJUTIC1:19800:0:99999:7:::\n',
    '/etc/netplan/50-cloud-init.yaml': 'network:\n  version: 2\n  ethernets:\n    eth0:\n      dhcp4: true\n',
  };
  // alice's hash is `openssl passwd -6 -salt fixturesalt test`: the view must say a password is set, never show it.
  return { ...result, facts: await collectFacts(memoryGuest(tree)) };
}

const results = { failing: failingResult, passing: passingResult, 'guest-error': guestErrorResult, waived: waivedResult };
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
  it('text tree', async () => expectGolden('inspect.txt', renderInspectText(await withCollectedFacts(failingResult()))));
  it('json', () => expectGolden('inspect.json', renderJson(inspectReport(failingResult()))));
});

describe('json report', () => {
  it('is deterministic and never carries byte sources', () => {
    const a = renderJson(checkReport(failingResult()));
    const b = renderJson(checkReport(failingResult()));
    expect(a).toBe(b);
    const parsed = JSON.parse(a);
    expect(Object.keys(parsed)).toEqual(['schemaVersion', 'verdict', 'intent', 'detected', 'image', 'guestError', 'findings', 'notRun', 'prediction', 'io']);
    expect(Object.keys(parsed.image.partitionTable.partitions[0])).not.toContain('source');
    expect(parsed.image.partitionTable.partitions[0].start).toBe(0x100000);
  });

  it('a result with verdict error also carries the error record', () => {
    const parsed = JSON.parse(renderJson(checkReport(guestErrorResult())));
    expect(parsed.error).toEqual({ layer: 'filesystem', kind: 'corrupt', offset: 0x400, path: null, budget: null, message: 'ext4 superblock magic is 0x0000, expected 0xef53' });
  });
});

describe('secrets', () => {
  /** The source is a SAS URL, and a finding message quotes one too (as a blob error might). */
  const leaky = () => {
    const result = failingResult();
    result.findings[0]!.message += ' (seen in https://acct.blob.core.windows.net/x?sp=r&sig=AbCdef)';
    return result;
  };
  const renderings: [string, () => string | Promise<string>][] = [
    ['text', () => renderCheckText(leaky(), { failOn: 'error' })],
    ['json', () => renderJson(checkReport(leaky()))],
    ['vso', () => vsoCheckCommands(leaky()).join('\n')],
    ['summary', () => checkSummaryMarkdown(leaky())],
    ['annotations', () => annotations(leaky()).map((a) => a.message).join('\n')],
    ['inspect', async () => renderInspectText(await withCollectedFacts(leaky()))],
  ];
  it.each(renderings)('%s output masks SAS signatures', async (_name, render) => {
    const out = await render();
    expect(out).toContain('sig=***');
    expect(out).not.toContain('AbC');
    expect(out).not.toContain('fixturesalt');
  });
});

describe('github annotations', () => {
  it('one per finding with the rule ID as title, info as notice', () => {
    const list = annotations(failingResult());
    expect(list.map((a) => [a.level, a.title])).toEqual([
      ['error', 'IMAGE-UNREADABLE'],
      ['error', 'GEN-WAAGENT-MARKER'],
      ['error', 'PA-CI-REPORTED-READY'],
      ['warning', 'SSH-CLIENTALIVE'],
      ['notice', 'PA-CI-KVP'],
    ]);
    expect(list[1]!.message).toContain('/etc/waagent.conf:12 `Lib.Dir=/var/lib/waagent`');
    // A rule that could not be judged is annotated like any finding: what, where (path, layer, offset) and why.
    expect(list[0]!.message).toMatch(/could not be read from the image \(filesystem layer, corrupt, at offset 0x1000: bad inode 12\)[\s\S]*\/etc\/netplan/);
  });

  it(`stops at ${annotationLimit} per type and the summary says the table has them all`, () => {
    const result = manyErrorsResult();
    expect(annotations(result).filter((a) => a.level === 'error')).toHaveLength(annotationLimit);
    const summary = checkSummaryMarkdown(result);
    expect(summary).toContain('only the first 10 errors are annotated; this table is the full list');
    expect(summary.match(/\| error \| \[TEST-RULE-/g)).toHaveLength(12);
  });
});

describe('text report', () => {
  it('prints symptom and fix once for consecutive findings of one rule that share them', () => {
    const result = failingResult();
    const first = result.findings[0]!;
    result.findings.splice(1, 0, { ...first, message: 'a second finding of the same rule', evidence: [{ path: '/home/bob/.bash_history' }] });
    const text = renderCheckText(result, { failOn: 'error' });
    expect(text.split(first.symptom).length - 1).toBe(1);
    expect(text).toContain('a second finding of the same rule');
    const secondAt = text.indexOf('a second finding of the same rule');
    expect(text.indexOf(first.symptom)).toBeGreaterThan(secondAt);
  });
});
