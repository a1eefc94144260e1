import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { ContainerClient } from '@azure/storage-blob';
import { checkImage } from '../../src/inspect.js';
import { fixtureImage, fixtureIntent, fixtureManifest } from '../helpers/fixtures.js';
import { comparable } from './comparable.js';
import { freshContainer, startAzurite, type Azurite } from './azurite.js';
import { uploadBlockBlob, uploadPageBlob } from './upload.js';
import { fixturePolicy } from '../helpers/fixture-policy.js';

/**
 * Every fixture image uploaded to Azurite as a page blob (only its non-zero pages written, as
 * azcopy does) and checked where it lives: verdict, findings, detected OS state and every
 * image fact equal those over the local file. Only the source name, the blob facts and the
 * I/O cost may differ.
 */
const manifest = fixtureManifest();
let azurite: Azurite;
let container: ContainerClient;

beforeAll(async () => {
  azurite = await startAzurite();
  container = await freshContainer(azurite, 'fixtures');
}, 60_000);

afterAll(async () => {
  await azurite?.stop();
});

describe('the gate over a page blob says what it says over the local file', () => {
  it.each(manifest.images.map((i) => [i.name, i.expectations[0]!] as const))('%s', async (name, expectation) => {
    const file = await fixtureImage(name);
    const { bytesWritten, size } = await uploadPageBlob(container, name, file);
    const url = `${azurite.endpoint}/${container.containerName}/${name}`;
    const intent = fixtureIntent(expectation);

    const local = await checkImage({ image: file, intent, failOn: 'error', policy: await fixturePolicy() });
    const remote = await checkImage({ image: url, blob: { connectionString: azurite.connectionString, env: {} }, intent, failOn: 'error', policy: await fixturePolicy() });

    expect(comparable(remote)).toEqual(comparable(local));
    expect(remote.verdict).toBe(expectation.pass ? 'pass' : 'fail');
    expect(remote.image.source).toBe(url);
    expect(remote.image.blob).toEqual({ blobType: 'PageBlob' });
    expect(local.image.blob).toBeUndefined();
    // Ranged reads only: far less than the blob was fetched, in few requests, with cache hits.
    expect(remote.io.bytesRead).toBe(local.io.bytesRead);
    expect(remote.io.bytesRead).toBeLessThan(size);
    expect(remote.io.reads).toBeLessThan(200);
    expect(remote.io.retries).toBe(0);
    expect(bytesWritten).toBeLessThan(size);
  });
});

describe('a block blob', () => {
  it('is still inspected, with one DISK-BLOB-TYPE finding more than the page blob', async () => {
    const name = 'generalized-good.vhd';
    const file = await fixtureImage(name);
    const expectation = manifest.images.find((i) => i.name === name)!.expectations[0]!;
    await uploadBlockBlob(container, `block-${name}`, file);
    const url = `${azurite.endpoint}/${container.containerName}/block-${name}`;
    const local = await checkImage({ image: file, intent: fixtureIntent(expectation), failOn: 'error', policy: await fixturePolicy() });
    const remote = await checkImage({ image: url, blob: { connectionString: azurite.connectionString, env: {} }, intent: fixtureIntent(expectation), failOn: 'error', policy: await fixturePolicy() });

    expect(remote.image.blob).toEqual({ blobType: 'BlockBlob' });
    const blobFindings = remote.findings.filter((f) => f.ruleId === 'DISK-BLOB-TYPE');
    expect(blobFindings).toHaveLength(1);
    expect(blobFindings[0]!.message).toContain('is a BlockBlob');
    expect(remote.verdict).toBe('fail');
    // DISK-BLOB-TYPE also makes every prediction "rejected"; the rest must be what the page blob says.
    const withoutBlobType = { ...remote, findings: remote.findings.filter((f) => f.ruleId !== 'DISK-BLOB-TYPE'), verdict: local.verdict, prediction: local.prediction };
    expect(comparable(withoutBlobType)).toEqual(comparable(local));
  });
});
