import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { BlobSASPermissions, type ContainerClient } from '@azure/storage-blob';
import { runCli } from '../../src/cli/run.js';
import { IoError } from '../../src/errors.js';
import { checkImage, inspectSource } from '../../src/inspect.js';
import { BlobSource } from '../../src/io/blob/blob-source.js';
import { CachedSource, DEFAULT_BLOCK_CACHE } from '../../src/io/block-cache.js';
import { FileSource } from '../../src/io/file-source.js';
import { fixtureImage, fixtureIntent, fixtureManifest } from '../helpers/fixtures.js';
import { freshContainer, startAzurite, type Azurite } from './azurite.js';
import { comparable } from './comparable.js';
import { startFaultProxy, type FaultProxy } from './fault-proxy.js';
import { uploadPageBlob } from './upload.js';

/**
 * The gate reading a page blob through a proxy that drops, stalls, truncates or refuses (503)
 * some of its ranged reads: it retries and reaches the same report as over the local file.
 * When retries cannot help (every read broken, the blob deleted) it fails with a clear message.
 */
const name = 'generalized-with-traces.vhd';
let azurite: Azurite;
let container: ContainerClient;
let sasUrl: string;
const proxies: FaultProxy[] = [];

beforeAll(async () => {
  azurite = await startAzurite();
  container = await freshContainer(azurite, 'faults');
  await uploadPageBlob(container, name, await fixtureImage(name));
  sasUrl = await container.getBlobClient(name).generateSasUrl({ permissions: BlobSASPermissions.parse('r'), expiresOn: new Date(Date.now() + 3600_000) });
}, 120_000);

afterAll(async () => {
  for (const proxy of proxies) await proxy.close();
  await azurite?.stop();
});

async function proxy(every: number): Promise<FaultProxy> {
  const p = await startFaultProxy(azurite.port, every);
  proxies.push(p);
  return p;
}

describe('faults between the gate and the blob', () => {
  it('dropped, stalled, truncated and 503 reads are retried; the report equals the local one', async () => {
    const faulty = await proxy(3);
    const intent = fixtureIntent(fixtureManifest().images.find((i) => i.name === name)!.expectations[0]!);
    const local = await checkImage({ image: await fixtureImage(name), intent, failOn: 'error' });
    const remote = await checkImage({
      image: sasUrl,
      blob: { blobEndpoint: `http://127.0.0.1:${faulty.port}/devstoreaccount1`, requestTimeoutMs: 1_000, backoffMs: 5 },
      intent,
      failOn: 'error',
    });
    expect(comparable(remote)).toEqual(comparable(local));
    for (const kind of ['drop', 'stall', 'truncate', 'unavailable'] as const) expect(faulty.injected[kind]).toBeGreaterThan(0);
    const injected = Object.values(faulty.injected).reduce((a, b) => a + b, 0);
    expect(remote.io.retries).toBe(injected);
    expect(remote.io.bytesRead).toBe(local.io.bytesRead);
  }, 120_000);

  it('gives up after the last attempt with an IoError naming the range', async () => {
    const broken = await proxy(1);
    const source = await BlobSource.open(sasUrl, { blobEndpoint: `http://127.0.0.1:${broken.port}/devstoreaccount1`, attempts: 3, requestTimeoutMs: 500, backoffMs: 5 });
    const error = await source.read(0x10000, 4096).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IoError);
    expect((error as IoError).message).toContain('reading 4096 bytes at 0x10000');
    expect((error as IoError).offset).toBe(0x10000);
    expect(source.retries).toBe(2);
    expect((error as IoError).message).not.toContain(new URL(sasUrl).searchParams.get('sig')!);
  }, 30_000);

  it('a read that fails after every retry while the guest files are read: exit 2 with the IoError, never a verdict', async () => {
    // The last read that reaches the medium when the local copy is inspected is a guest file's (facts layer).
    const local = await FileSource.open(await fixtureImage(name));
    const reads: number[] = [];
    const recording = { name: local.name, size: local.size, read: (offset: number, length: number) => (reads.push(offset), local.read(offset, length)) };
    const cached = new CachedSource(recording, DEFAULT_BLOCK_CACHE);
    const inspected = await inspectSource({ source: cached, name, stats: () => local.stats.snapshot(), close: () => local.close() }).finally(() => local.close());
    const factsReads = inspected.io.layers!.find((l) => l.layer === 'facts')!.reads;
    expect(factsReads).toBeGreaterThan(0);
    const badByte = reads.at(-1)!;

    const badSpot = await startFaultProxy(azurite.port, 1, badByte);
    proxies.push(badSpot);
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(['check', sasUrl, '--os-state', 'generalized', '--format', 'json', '--blob-endpoint', `http://127.0.0.1:${badSpot.port}/devstoreaccount1`], {
      stdout: (t) => out.push(t),
      stderr: (t) => err.push(t),
      env: {},
    });
    expect(code).toBe(2);
    expect(badSpot.injected.unavailable).toBe(5); // the blob source's five attempts
    expect(err.join('')).toMatch(new RegExp(`^vhd-gate: cannot inspect .*: io \\(io\\) at offset 0x${badByte.toString(16)}: .*\n$`));
    const report = JSON.parse(out.join(''));
    expect(report.verdict).toBe('error');
    expect(report.error).toMatchObject({ layer: 'io', kind: 'io', offset: badByte });
  }, 60_000);

  it('a deleted blob: exit 2, one clear line, no secret', async () => {
    const gone = `deleted-${name}`;
    await container.getPageBlobClient(gone).create(512);
    const url = await container.getBlobClient(gone).generateSasUrl({ permissions: BlobSASPermissions.parse('r'), expiresOn: new Date(Date.now() + 3600_000) });
    await container.getBlobClient(gone).delete();
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(['check', url, '--os-state', 'generalized'], { stdout: (t) => out.push(t), stderr: (t) => err.push(t), env: {} });
    expect(code).toBe(2);
    expect(err.join('')).toMatch(/^vhd-gate: cannot inspect http:\/\/127\.0\.0\.1:\d+\/devstoreaccount1\/faults-[\d-]+\/deleted-generalized-with-traces\.vhd\?.*sig=\*\*\*.*the blob \(or its container\) does not exist \(HTTP 404\)\n$/);
    expect(err.join('') + out.join('')).not.toContain(new URL(url).searchParams.get('sig')!);
  });
});
