import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { BlobSASPermissions, type ContainerClient } from '@azure/storage-blob';
import { bundled, runNode, tempDir } from '../cli/entry-helpers.js';
import { cli, expectNoneIn } from '../helpers/every-output.js';
import { fixtureImage } from '../helpers/fixtures.js';
import { devAccountKey, freshContainer, startAzurite, type Azurite } from './azurite.js';
import { uploadBlockBlob } from './upload.js';

/**
 * No SAS signature, account key or connection string in anything vhd-gate prints or writes:
 * CLI stdout and stderr (text, JSON, --output file, ##vso commands, inspect, the cannot-inspect
 * path), the bundled CLI, and the bundled action (log, outputs, job summary, JSON report). The
 * image is a block blob, so a finding (DISK-BLOB-TYPE) quotes the image name too.
 */
const name = 'generalized-no-agent.vhd';
let azurite: Azurite;
let container: ContainerClient;
let sasUrl: string;
let plainUrl: string;
let secrets: string[];

beforeAll(async () => {
  azurite = await startAzurite();
  container = await freshContainer(azurite, 'secrets');
  await uploadBlockBlob(container, name, await fixtureImage(name));
  sasUrl = await container.getBlobClient(name).generateSasUrl({ permissions: BlobSASPermissions.parse('r'), expiresOn: new Date(Date.now() + 3600_000) });
  plainUrl = `${azurite.endpoint}/${container.containerName}/${name}`;
  const sig = new URL(sasUrl).searchParams.get('sig')!;
  secrets = [sig, encodeURIComponent(sig), devAccountKey, azurite.connectionString];
}, 120_000);

afterAll(async () => {
  await azurite?.stop();
});

function expectNoSecret(label: string, text: string): void {
  expectNoneIn([{ label, text }], secrets, 'a secret');
}

describe('secrets never appear in output', () => {
  it('the CLI, in-process: every format and path', async () => {
    const dir = tempDir('secrets');
    const report = path.join(dir, 'report.json');
    const gone = `${azurite.endpoint}/${container.containerName}/absent.vhd`;
    const runs: [string, string[], NodeJS.ProcessEnv][] = [
      ['check text, SAS', ['check', sasUrl, '--os-state', 'generalized'], {}],
      ['check json, SAS, Azure Pipelines', ['check', sasUrl, '--os-state', 'generalized', '--format', 'json'], { TF_BUILD: 'True' }],
      ['check --output, connection string flag', ['check', plainUrl, '--os-state', 'generalized', '--format', 'json', '--output', report, '--connection-string', azurite.connectionString], {}],
      ['inspect text, connection string variable', ['inspect', plainUrl], { AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString }],
      ['inspect json, SAS', ['inspect', sasUrl, '--format', 'json'], {}],
      ['missing blob, json, Azure Pipelines', ['check', gone, '--os-state', 'generalized', '--format', 'json', '--connection-string', azurite.connectionString], { TF_BUILD: 'True' }],
      ['usage error quoting the flag', ['inspect', './local.vhd', '--connection-string', azurite.connectionString], {}],
    ];
    const codes: number[] = [];
    for (const [label, args, env] of runs) {
      const r = await cli(args, env);
      codes.push(r.code);
      expectNoSecret(`${label}: stdout`, r.stdout);
      expectNoSecret(`${label}: stderr`, r.stderr);
    }
    expectNoSecret('--output file', readFileSync(report, 'utf8'));
    // The runs did what they say (a block blob without an agent fails; the missing blob and the
    // misuse exit 2), and the redacted names are still there to read.
    expect(codes).toEqual([1, 1, 1, 0, 0, 2, 2]);
    const json = JSON.parse((await cli(['inspect', sasUrl, '--format', 'json'])).stdout);
    expect(json.image.source).toMatch(/sig=\*\*\*/);
    expect(json.image.blob).toEqual({ blobType: 'BlockBlob' });
  }, 120_000);

  it('the bundled CLI (dist/cli.js) reads the blob and masks the SAS', () => {
    const r = runNode(bundled('cli.js'), ['check', sasUrl, '--os-state', 'generalized', '--format', 'json'], {});
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    expectNoSecret('dist/cli.js stdout', r.stdout);
    const report = JSON.parse(r.stdout);
    expect(report.findings.map((f: { ruleId: string }) => f.ruleId)).toContain('DISK-BLOB-TYPE');
  });

  it.each([
    ['a SAS URL', () => ({ IMAGE: sasUrl })],
    ['a connection string input', () => ({ IMAGE: plainUrl, 'CONNECTION-STRING': azurite.connectionString })],
  ])('the bundled action with %s: log, outputs, summary, report', (_label, inputs) => {
    const dir = tempDir('action-secrets');
    const env: NodeJS.ProcessEnv = { GITHUB_OUTPUT: path.join(dir, 'output'), GITHUB_STEP_SUMMARY: path.join(dir, 'summary.md'), RUNNER_TEMP: dir };
    writeFileSync(env.GITHUB_OUTPUT!, '');
    writeFileSync(env.GITHUB_STEP_SUMMARY!, '');
    for (const [key, value] of Object.entries({ ...inputs(), 'OS-STATE': 'generalized' })) env[`INPUT_${key}`] = value;
    const r = runNode(bundled('index.js'), [], env);
    // ::add-mask:: lines are how the runner learns the secrets; everything else must not hold them.
    const masks = r.stdout.split('\n').filter((l) => l.startsWith('::add-mask::'));
    expect(masks.length).toBeGreaterThan(0);
    expectNoSecret('action log', r.stdout.split('\n').filter((l) => !l.startsWith('::add-mask::')).join('\n') + r.stderr);
    expectNoSecret('action outputs', readFileSync(env.GITHUB_OUTPUT!, 'utf8'));
    expectNoSecret('job summary', readFileSync(env.GITHUB_STEP_SUMMARY!, 'utf8'));
    const report = readFileSync(path.join(dir, 'vhd-gate-report.json'), 'utf8');
    expectNoSecret('JSON report', report);
    expect(JSON.parse(report).findings.map((f: { ruleId: string }) => f.ruleId)).toContain('DISK-BLOB-TYPE');
    expect(r.stdout).toContain('::error');
  });
});
