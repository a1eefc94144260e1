import { describe, expect, it } from '@jest/globals';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { azurePipelinesMatrix, githubMatrix } from '../../src/fleet/matrix.js';
import { repoRoot, tempDir } from '../cli/entry-helpers.js';
import { cli } from './cli-run.js';

const versions = path.join(repoRoot, '__tests__/data/fleet/az-image-version-list.json');
const definition = path.join(repoRoot, '__tests__/data/intent/az-show-generalized-features.json');
const blob = (name: string) => `https://myimages.blob.core.windows.net/vhds/${name}`;

describe('matrix shapes', () => {
  const images = [
    { name: 'team-a/web 1.vhd', image: blob('team-a/web%201.vhd'), osState: 'generalized' as const, hyperVGeneration: 'V2' as const },
    { name: 'team-a/web-1.vhd', image: blob('team-a/web-1.vhd'), osState: 'generalized' as const },
    { name: '1.0.0', image: blob('x.vhd') },
  ];
  it('GitHub: include entries keyed like the action inputs, unknown settings left out', () => {
    expect(githubMatrix(images)).toEqual({
      include: [
        { name: 'team-a/web 1.vhd', image: blob('team-a/web%201.vhd'), 'os-state': 'generalized', 'hyper-v-generation': 'V2' },
        { name: 'team-a/web-1.vhd', image: blob('team-a/web-1.vhd'), 'os-state': 'generalized' },
        { name: '1.0.0', image: blob('x.vhd') },
      ],
    });
  });
  it('Azure Pipelines: one leg per image, names of letters, digits and _ starting with a letter, unique', () => {
    const legs = azurePipelinesMatrix(images);
    expect(Object.keys(legs)).toEqual(['team_a_web_1', 'team_a_web_1_2', 'image_1_0_0']);
    expect(legs.team_a_web_1).toEqual({ imageName: 'team-a/web 1.vhd', image: blob('team-a/web%201.vhd'), osState: 'generalized', hyperVGeneration: 'V2' });
    for (const leg of Object.keys(legs)) expect(leg).toMatch(/^[A-Za-z][A-Za-z0-9_]{0,99}$/);
  });
});

describe('vhd-gate list --image-versions', () => {
  it('the VHD-made versions with the definition\'s settings; the snapshot-made one skipped and named', async () => {
    const r = await cli(['list', '--image-versions', versions, '--image-definition', definition]);
    expect(r.code).toBe(0);
    expect(r.stdout.endsWith('\n')).toBe(true);
    expect(r.stdout.trimEnd()).not.toContain('\n');
    expect(JSON.parse(r.stdout)).toEqual({
      include: [
        { name: 'myImageDefinition/1.0.0', image: blob('ubuntu-2204-1.0.0.vhd'), 'os-state': 'generalized', 'hyper-v-generation': 'V2' },
        { name: 'myImageDefinition/1.1.0', image: blob('ubuntu-2204-1.1.0.vhd'), 'os-state': 'generalized', 'hyper-v-generation': 'V2' },
      ],
    });
    expect(r.stderr).toContain('vhd-gate list: 2 images to gate');
    expect(r.stderr).toContain('vhd-gate list:   myImageDefinition/1.2.0: made from snapshots/ubuntu-2204-1.2.0-os, not a VHD blob');
  });

  it('reads stdin with -, prints an Azure Pipelines matrix, and takes the settings from flags', async () => {
    const r = await cli(['list', '--image-versions', '-', '--os-state', 'Specialized', '--hyper-v-generation', 'v1', '--matrix', 'azure-pipelines'], {}, readFileSync(versions, 'utf8'));
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      myImageDefinition_1_0_0: { imageName: 'myImageDefinition/1.0.0', image: blob('ubuntu-2204-1.0.0.vhd'), osState: 'specialized', hyperVGeneration: 'V1' },
      myImageDefinition_1_1_0: { imageName: 'myImageDefinition/1.1.0', image: blob('ubuntu-2204-1.1.0.vhd'), osState: 'specialized', hyperVGeneration: 'V1' },
    });
  });

  it('the REST list shape ({"value": [...]} with properties) and a SAS on a source URI, which never reaches the matrix', async () => {
    const az = JSON.parse(readFileSync(versions, 'utf8')) as Record<string, unknown>[];
    const rest = {
      value: az.map(({ storageProfile, ...rest }) => ({ ...rest, properties: { storageProfile } })),
    };
    (rest.value[0]!.properties.storageProfile as { osDiskImage: { source: { uri: string } } }).osDiskImage.source.uri += '?sv=2022-11-02&sp=r&sig=c2VjcmV0c2VjcmV0';
    const file = path.join(tempDir('versions'), 'rest.json');
    writeFileSync(file, JSON.stringify(rest));
    const r = await cli(['list', '--image-versions', file, '--os-state', 'generalized', '--hyper-v-generation', 'V2']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).include.map((i: { image: string }) => i.image)).toEqual([blob('ubuntu-2204-1.0.0.vhd'), blob('ubuntu-2204-1.1.0.vhd')]);
    expect(r.stdout + r.stderr).not.toContain('c2VjcmV0');
  });

  it('without settings the matrix says nothing it does not know, and stderr says how to add them', async () => {
    const r = await cli(['list', '--image-versions', versions]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).include[0]).toEqual({ name: 'myImageDefinition/1.0.0', image: blob('ubuntu-2204-1.0.0.vhd') });
    expect(r.stderr).toContain('pass --image-definition (az sig image-definition show)');
  });

  it.each([
    [['list'], 'list needs a CONTAINER-URL or --image-versions FILE (one of them)'],
    [['list', 'https://a.blob.core.windows.net/c', '--image-versions', versions], 'list needs a CONTAINER-URL or --image-versions FILE'],
    [['list', '--image-versions', versions, '--prefix', 'x'], '--prefix applies to a CONTAINER-URL, not to --image-versions'],
    [['list', '--image-versions', versions, '--matrix', 'gitlab'], '--matrix: "gitlab" is not one of github, azure-pipelines'],
    [['list', '--image-versions', versions, '--image-definition', definition, '--os-state', 'specialized'], '--os-state specialized contradicts osState Generalized'],
    [['list', '--image-versions', definition], 'expected the JSON array `az sig image-version list` prints'],
    [['list', '--image-versions', '/nonexistent.json'], 'cannot read --image-versions /nonexistent.json: no such file'],
    [['list', 'c:/images'], 'CONTAINER-URL: expected an http(s) URL'],
    [['list', 'https://a.blob.core.windows.net/c', '--page-size', '0'], '--page-size: expected a whole number from 1 to 5000'],
  ])('%j exits 2: %s', async (argv, message) => {
    const r = await cli(argv as string[]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(message);
  });

  it('refuses versions of another definition than the one given', async () => {
    const other = JSON.parse(readFileSync(definition, 'utf8'));
    other.name = 'otherDefinition';
    const file = path.join(tempDir('def'), 'other.json');
    writeFileSync(file, JSON.stringify(other));
    const r = await cli(['list', '--image-versions', versions, '--image-definition', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('version myImageDefinition/1.0.0 belongs to image definition myImageDefinition, not otherDefinition');
  });
});
