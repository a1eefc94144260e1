import { describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot, runNode, tempDir } from '../cli/entry-helpers.js';
import { fixtureImage } from '../helpers/fixtures.js';
import { fixturePolicyFile } from '../helpers/fixture-policy.js';

/**
 * The Azure Pipelines task run as the agent runs it: `node index.js` (the bundled
 * dist/ado/index.js, which ado/vss-extension.json packs as the task's index.js) with each input as
 * INPUT_<NAME upper-cased>, TF_BUILD=True and AGENT_TEMPDIRECTORY. After changing src/,
 * `npm run bundle` first (as for every dist/ test).
 */
const task = path.join(repoRoot, 'dist/ado/index.js');

function runTask(inputs: Record<string, string>) {
  if (!existsSync(task)) throw new Error(`${task} is missing: run npm run bundle`);
  const dir = tempDir('ado');
  const env: NodeJS.ProcessEnv = { TF_BUILD: 'True', AGENT_TEMPDIRECTORY: dir, SYSTEM_DEFAULTWORKINGDIRECTORY: dir };
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
  const r = runNode(task, [], env);
  const vso = r.stdout.split('\n').filter((l) => l.startsWith('##vso['));
  return { ...r, dir, vso };
}

describe('task.json', () => {
  const json = JSON.parse(readFileSync(path.join(repoRoot, 'ado/vhd-gate-task/task.json'), 'utf8'));
  it('runs index.js on Node20_1 and Node24, with the documented inputs and output variables', () => {
    expect(json.execution).toEqual({ Node20_1: { target: 'index.js', argumentFormat: '' }, Node24: { target: 'index.js', argumentFormat: '' } });
    expect(json.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(json.inputs.map((i: { name: string }) => i.name)).toEqual([
      'image', 'osState', 'hyperVGeneration', 'imageDefinition', 'architecture', 'securityType', 'diskControllerTypes', 'acceleratedNetworking', 'failOn', 'azureSubscription', 'connectionString', 'blobEndpoint', 'docsUrl', 'config',
    ]);
    expect(json.inputs.find((i: { name: string }) => i.name === 'azureSubscription').type).toBe('connectedService:AzureRM');
    expect(json.inputs.find((i: { name: string }) => i.name === 'failOn').type).toBe('pickList');
    expect(json.outputVariables.map((o: { name: string }) => o.name)).toEqual(['verdict', 'detectedOsState', 'findings', 'report']);
  });
});

describe('dist/ado/index.js as the agent runs it', () => {
  it('a passing image with warnings: SucceededWithIssues, exit 0, output variables, the summary uploaded', async () => {
    const r = runTask({ IMAGE: await fixtureImage('generalized-good.vhd'), OSSTATE: 'generalized', HYPERVGENERATION: 'V2', CONFIG: fixturePolicyFile });
    expect(r.code).toBe(0);
    // The warnings the fixture policy leaves (kernel and Python the guest omits) are logged issues; the rest is exact.
    expect(r.vso.filter((l) => !l.startsWith('##vso[task.logissue type=warning;'))).toEqual([
      '##vso[task.setvariable variable=verdict;isOutput=true;]pass',
      '##vso[task.setvariable variable=detectedOsState;isOutput=true;]generalized',
      expect.stringMatching(/^##vso\[task\.setvariable variable=findings;isOutput=true;\]\d+$/),
      `##vso[task.setvariable variable=report;isOutput=true;]${path.join(r.dir, 'vhd-gate-report.json')}`,
      `##vso[task.uploadsummary]${path.join(r.dir, 'vhd-gate-summary.md')}`,
      '##vso[task.complete result=SucceededWithIssues;]done',
    ]);
    expect(r.vso.some((l) => l.startsWith('##vso[task.logissue type=warning;'))).toBe(true);
    expect(JSON.parse(readFileSync(path.join(r.dir, 'vhd-gate-report.json'), 'utf8')).verdict).toBe('pass');
    const summary = readFileSync(path.join(r.dir, 'vhd-gate-summary.md'), 'utf8');
    expect(summary).toContain('## vhd-gate: PASS');
    expect(r.stdout).toMatch(/^PASS: 0 errors, \d+ warnings?/m);
  });

  it('a failing image: an issue per finding with its rule ID, Failed, exit 1; the summary is GitHub\'s Markdown', async () => {
    const r = runTask({ IMAGE: await fixtureImage('specialized-good.vhd'), OSSTATE: 'generalized', HYPERVGENERATION: 'V2', FAILON: 'error' });
    expect(r.code).toBe(1);
    expect(r.vso).toContainEqual(expect.stringMatching(/^##vso\[task\.logissue type=error;sourcepath=[^;]+;(linenumber=\d+;)?code=GEN-WAAGENT-MARKER;\]/));
    expect(r.vso).toContain('##vso[task.setvariable variable=verdict;isOutput=true;]fail');
    expect(r.vso.at(-1)).toBe('##vso[task.complete result=Failed;]done');
    const summary = readFileSync(path.join(r.dir, 'vhd-gate-summary.md'), 'utf8');
    expect(summary).toContain('## vhd-gate: FAIL');
    expect(summary).toContain('### Intent vs detected');
    expect(summary).toContain('[GEN-WAAGENT-MARKER](https://github.com/vhd-gate/vhd-gate/blob/main/docs/rules/GEN-WAAGENT-MARKER.md)');
    const report = JSON.parse(readFileSync(path.join(r.dir, 'vhd-gate-report.json'), 'utf8'));
    expect(r.vso.filter((l) => l.startsWith('##vso[task.logissue')).length).toBe(report.findings.filter((f: { severity: string }) => f.severity !== 'info').length);
  });

  it('an image that cannot be read: error report and summary, Failed, exit 2', () => {
    const r = runTask({ IMAGE: '/nonexistent/disk.vhd', OSSTATE: 'generalized' });
    expect(r.code).toBe(2);
    expect(r.vso).toContain('##vso[task.setvariable variable=verdict;isOutput=true;]error');
    expect(r.vso).toContain('##vso[task.logissue type=error;code=io-io;]io (io): cannot open /nonexistent/disk.vhd: no such file');
    expect(r.vso.at(-1)).toBe('##vso[task.complete result=Failed;]done');
    expect(readFileSync(path.join(r.dir, 'vhd-gate-summary.md'), 'utf8')).toContain('## vhd-gate: ERROR');
  });

  it('bad inputs fail naming the input; a connection string is registered as a secret before anything else is printed', () => {
    const secret = 'DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=c2VjcmV0a2V5c2VjcmV0a2V5;EndpointSuffix=core.windows.net';
    const r = runTask({ IMAGE: '/tmp/disk.vhd', OSSTATE: 'generalized', CONNECTIONSTRING: secret });
    expect(r.code).toBe(2);
    expect(r.vso[0]).toBe(`##vso[task.setsecret]${secret.replace(/;/g, '%3B')}`);
    expect(r.vso[1]).toBe('##vso[task.setsecret]c2VjcmV0a2V5c2VjcmV0a2V5');
    expect(r.vso[2]).toMatch(/^##vso\[task\.logissue type=error;\]vhd-gate: input connection-?string applies only when input image is a blob URL/i);
    expect(r.vso[3]).toBe('##vso[task.complete result=Failed;]done');
    const missing = runTask({ OSSTATE: 'generalized' });
    expect(missing.vso).toContain('##vso[task.logissue type=error;]vhd-gate: input image is required: the path or blob URL of the disk image to check');
    const wrong = runTask({ IMAGE: 'x.vhd', OSSTATE: 'sysprepped' });
    expect(wrong.vso[0]).toMatch(/^##vso\[task\.logissue type=error;\]vhd-gate: input osState: "sysprepped" is not an OS state/);
  });
});
