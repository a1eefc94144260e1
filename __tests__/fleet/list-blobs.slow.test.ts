import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ContainerSASPermissions, generateBlobSASQueryParameters, StorageSharedKeyCredential, type ContainerClient } from '@azure/storage-blob';
import path from 'node:path';
import { devAccount, devAccountKey, freshContainer, startAzurite, type Azurite } from '../blob/azurite.js';
import { uploadPageBlob } from '../blob/upload.js';
import { tempDir } from '../cli/entry-helpers.js';
import { fixtureImage } from '../helpers/fixtures.js';
import { cli } from './cli-run.js';
import { fixturePolicyFile } from '../helpers/fixture-policy.js';

/**
 * `vhd-gate list CONTAINER-URL` against Azurite: dozens of page blobs over several List Blobs
 * pages (a page size of 7 forces the continuation tokens), prefix filtering, block and append
 * blobs skipped and named, SAS and connection-string access with nothing secret printed; then
 * the whole fleet audit: list -> check every leg -> merge-reports.
 */
let azurite: Azurite;
let container: ContainerClient;
const teamA = Array.from({ length: 30 }, (_, i) => `team-a/disk-${String(i).padStart(2, '0')}.vhd`);
const teamB = Array.from({ length: 10 }, (_, i) => `team-b/disk ${i}.vhd`);
const blocks = ['team-a/notes.txt', 'team-a/block-0.vhd', 'team-a/block-1.vhd', 'team-b/block.vhd'];

beforeAll(async () => {
  azurite = await startAzurite();
  container = await freshContainer(azurite, 'fleet');
  // Empty page blobs: listing reads names and types, never content.
  await Promise.all([...teamA, ...teamB].map((name) => container.getPageBlobClient(name).create(1024 * 1024)));
  await Promise.all(blocks.map((name) => container.getBlockBlobClient(name).upload('not a disk', 10)));
  await container.getAppendBlobClient('team-b/log.vhd').create();
}, 120_000);

afterAll(async () => {
  await azurite?.stop();
});

const urlOf = (name: string) => `${azurite.endpoint}/${container.containerName}/${name.split('/').map(encodeURIComponent).join('/')}`;

describe('vhd-gate list CONTAINER-URL', () => {
  it('every page blob across 7 pages of 7; block and append blobs skipped and named', async () => {
    const r = await cli(['list', `${azurite.endpoint}/${container.containerName}`, '--page-size', '7', '--os-state', 'generalized'], { AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString });
    expect(r.code).toBe(0);
    const matrix = JSON.parse(r.stdout);
    expect(matrix.include).toHaveLength(40);
    expect(matrix.include.map((i: { name: string }) => i.name).sort()).toEqual([...teamA, ...teamB].sort());
    expect(matrix.include[0]).toEqual({ name: 'team-a/disk-00.vhd', image: urlOf('team-a/disk-00.vhd'), 'os-state': 'generalized' });
    expect(matrix.include.find((i: { name: string }) => i.name === 'team-b/disk 3.vhd').image).toBe(`${azurite.endpoint}/${container.containerName}/team-b/disk%203.vhd`);
    // 45 blobs, 7 per List Blobs request.
    expect(r.stderr).toContain(' in 7 requests');
    expect(r.stderr).toContain('vhd-gate list: 40 images to gate');
    expect(r.stderr).toContain('skipped 5:');
    for (const name of [...blocks, 'team-b/log.vhd']) expect(r.stderr).toContain(`  ${name}: `);
    expect(r.stderr).toContain('team-b/log.vhd: AppendBlob: Azure makes disks and images only from page blobs');
    expect(r.stderr + r.stdout).not.toContain(devAccountKey);
  });

  it('--prefix, and a prefix in the URL path, filter by name; an Azure Pipelines matrix has a leg per blob', async () => {
    const byFlag = await cli(['list', `${azurite.endpoint}/${container.containerName}`, '--prefix', 'team-b/', '--page-size', '3', '--matrix', 'azure-pipelines', '--connection-string', azurite.connectionString]);
    expect(byFlag.code).toBe(0);
    const legs = JSON.parse(byFlag.stdout);
    expect(Object.keys(legs)).toHaveLength(10);
    expect(legs.team_b_disk_0).toEqual({ imageName: 'team-b/disk 0.vhd', image: urlOf('team-b/disk 0.vhd') });
    expect(byFlag.stderr).toContain('with prefix "team-b/" in 4 requests');
    expect(byFlag.stderr).toContain('skipped 2:');
    const byPath = await cli(['list', `${azurite.endpoint}/${container.containerName}/team-b/`, '--page-size', '3', '--matrix', 'azure-pipelines', '--connection-string', azurite.connectionString]);
    expect(JSON.parse(byPath.stdout)).toEqual(legs);
  });

  it('a container SAS with list permission: the matrix and messages carry no SAS', async () => {
    const sas = sasFor('rl');
    const r = await cli(['list', `${azurite.endpoint}/${container.containerName}?${sas}`, '--prefix', 'team-a/', '--page-size', '10'], {});
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).include).toHaveLength(30);
    const signature = new URLSearchParams(sas).get('sig')!;
    expect(r.stdout).not.toContain('sig=');
    expect(r.stderr).toContain('sig=***');
    expect(r.stdout + r.stderr).not.toContain(signature);
    expect(r.stdout + r.stderr).not.toContain(encodeURIComponent(signature));
  });

  it('a SAS without list permission, or a missing container: exit 2 with one line that says why', async () => {
    const sas = sasFor('r');
    const denied = await cli(['list', `${azurite.endpoint}/${container.containerName}?${sas}`]);
    expect(denied.code).toBe(2);
    expect(denied.stdout).toBe('');
    expect(denied.stderr).toContain('access denied (HTTP 403): a SAS needs list permission (sp=rl)');
    expect(denied.stderr).not.toContain(new URLSearchParams(sas).get('sig')!);
    const missing = await cli(['list', `${azurite.endpoint}/no-such-container`, '--connection-string', azurite.connectionString]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe(`vhd-gate list: cannot list ${azurite.endpoint}/no-such-container: the container does not exist (HTTP 404)\n`);
  });
});

describe('a fleet audit end to end: list -> a check per leg -> merge-reports', () => {
  it('two real images as page blobs, gated where they live, merged worst first', async () => {
    for (const name of ['generalized-good.vhd', 'specialized-good.vhd']) await uploadPageBlob(container, `real/${name}`, await fixtureImage(name));
    const env = { AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString };
    const listed = await cli(['list', `${azurite.endpoint}/${container.containerName}`, '--prefix', 'real/', '--os-state', 'generalized', '--hyper-v-generation', 'V2'], env);
    const legs: { name: string; image: string; 'os-state': string; 'hyper-v-generation': string }[] = JSON.parse(listed.stdout).include;
    expect(legs.map((l) => l.name)).toEqual(['real/generalized-good.vhd', 'real/specialized-good.vhd']);
    const dir = tempDir('fleet');
    const reports: string[] = [];
    for (const leg of legs) {
      const output = path.join(dir, `${path.basename(leg.name)}.json`);
      const r = await cli(['check', leg.image, '--os-state', leg['os-state'], '--hyper-v-generation', leg['hyper-v-generation'], '--format', 'json', '--output', output, '--config', fixturePolicyFile], env);
      expect(r.code).toBe(leg.name.includes('specialized') ? 1 : 0);
      reports.push(output);
    }
    const merged = await cli(['merge-reports', ...reports, '--format', 'json']);
    expect(merged.code).toBe(1);
    const rows = JSON.parse(merged.stdout).images;
    expect(rows.map((r: { source: string; verdict: string }) => [r.source, r.verdict])).toEqual([
      [urlOf('real/specialized-good.vhd'), 'fail'],
      [urlOf('real/generalized-good.vhd'), 'pass'],
    ]);
  });
});

function sasFor(permissions: string): string {
  return generateBlobSASQueryParameters(
    { containerName: container.containerName, permissions: ContainerSASPermissions.parse(permissions), expiresOn: new Date(Date.now() + 3600_000) },
    new StorageSharedKeyCredential(devAccount, devAccountKey),
  ).toString();
}
