import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFile } from 'node:fs/promises';
import { BlobSASPermissions, type ContainerClient } from '@azure/storage-blob';
import { IoError } from '../../src/errors.js';
import { BlobSource } from '../../src/io/blob/blob-source.js';
import { isBlobUrl, parseBlobUrl } from '../../src/io/blob/blob-url.js';
import { fixtureImage } from '../helpers/fixtures.js';
import { freshContainer, startAzurite, type Azurite } from './azurite.js';
import { uploadBlockBlob, uploadPageBlob } from './upload.js';

/**
 * BlobSource against a real Azure Storage API (Azurite, started here): ranged reads of an
 * uploaded fixture image give the file's bytes; each auth path (SAS in the URL, connection
 * string, custom endpoint) reaches the blob; failures are typed and name no secret.
 */
let azurite: Azurite;
let container: ContainerClient;
let local: Uint8Array;
let sasUrl: string;
const blobName = 'disks/generalized-good-dynamic.vhd';

beforeAll(async () => {
  azurite = await startAzurite();
  container = await freshContainer(azurite, 'source');
  const file = await fixtureImage('generalized-good-dynamic.vhd');
  local = new Uint8Array(await readFile(file));
  await uploadPageBlob(container, blobName, file);
  await uploadBlockBlob(container, 'block.vhd', file);
  sasUrl = await container.getBlobClient(blobName).generateSasUrl({ permissions: BlobSASPermissions.parse('r'), expiresOn: new Date(Date.now() + 3600_000) });
}, 120_000);

afterAll(async () => {
  await azurite?.stop();
});

describe('BlobSource over Azurite', () => {
  it('reads the same bytes as the local file, anywhere in the blob', async () => {
    const source = await BlobSource.open(sasUrl);
    expect(source.size).toBe(local.length);
    expect(source.facts.blobType).toBe('PageBlob');
    expect(source.auth).toBe('sas');
    const ranges: [number, number][] = [
      [0, 512],
      [511, 3],
      [local.length - 512, 512], // the VHD footer, the last page
      [local.length - 1, 1],
      [1_000_000, 200_000],
      [4 * 1024 * 1024 - 7, 14], // across a 4 MiB upload run
    ];
    for (const [offset, length] of ranges) {
      expect(Buffer.from(await source.read(offset, length)).equals(Buffer.from(local.subarray(offset, offset + length)))).toBe(true);
    }
    expect(source.stats.snapshot()).toEqual({ reads: ranges.length, bytesRead: ranges.reduce((n, [, l]) => n + l, 0) });
    expect(source.retries).toBe(0);
  });

  it('refuses a read past the end of the blob without a request', async () => {
    const source = await BlobSource.open(sasUrl);
    await expect(source.read(local.length - 10, 11)).rejects.toThrow(IoError);
    expect(source.stats.reads).toBe(0);
  });

  it('names the blob with its SAS signature masked', async () => {
    const source = await BlobSource.open(sasUrl);
    const sig = new URL(sasUrl).searchParams.get('sig')!;
    expect(source.name).not.toContain(sig);
    expect(source.name).not.toContain(encodeURIComponent(sig));
    expect(source.name).toContain('sig=***');
    expect(source.name).toContain(blobName);
  });

  it('authenticates with a connection string (option or AZURE_STORAGE_CONNECTION_STRING)', async () => {
    const url = `${azurite.endpoint}/${container.containerName}/${blobName}`;
    const byOption = await BlobSource.open(url, { connectionString: azurite.connectionString, env: {} });
    const byEnv = await BlobSource.open(url, { env: { AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString } });
    for (const source of [byOption, byEnv]) {
      expect(source.auth).toBe('connection-string');
      expect(Buffer.from(await source.read(0, 4096)).equals(Buffer.from(local.subarray(0, 4096)))).toBe(true);
    }
  });

  it('reaches an account URL through a custom blob endpoint (Azurite, sovereign clouds)', async () => {
    const query = new URL(sasUrl).search;
    const accountUrl = `https://devstoreaccount1.blob.core.windows.net/${container.containerName}/${blobName}${query}`;
    const source = await BlobSource.open(accountUrl, { blobEndpoint: `${azurite.endpoint}/` });
    expect(source.size).toBe(local.length);
    expect(Buffer.from(await source.read(local.length - 512, 512)).equals(Buffer.from(local.subarray(-512)))).toBe(true);
  });

  it('reports a block blob as such', async () => {
    const source = await BlobSource.open(`${azurite.endpoint}/${container.containerName}/block.vhd`, { connectionString: azurite.connectionString });
    expect(source.facts.blobType).toBe('BlockBlob');
    expect(Buffer.from(await source.read(0, 1024)).equals(Buffer.from(local.subarray(0, 1024)))).toBe(true);
  });

  it('fails a missing blob at once (404 is final), naming it without the key', async () => {
    const url = `${azurite.endpoint}/${container.containerName}/absent.vhd`;
    const started = Date.now();
    const error = await BlobSource.open(url, { connectionString: azurite.connectionString }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IoError);
    expect((error as IoError).message).toMatch(/does not exist \(HTTP 404\)/);
    expect((error as IoError).message).toContain('absent.vhd');
    expect((error as IoError).message).not.toContain(azurite.connectionString.match(/AccountKey=([^;]+)/)![1]);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('fails a SAS without read permission as access denied, with the signature masked', async () => {
    const writeOnly = await container.getBlobClient(blobName).generateSasUrl({ permissions: BlobSASPermissions.parse('w'), expiresOn: new Date(Date.now() + 3600_000) });
    const error = await BlobSource.open(writeOnly, { attempts: 2, backoffMs: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IoError);
    expect((error as IoError).message).toMatch(/HTTP 403/);
    expect((error as IoError).message).not.toContain(new URL(writeOnly).searchParams.get('sig')!);
  });
});

describe('blob URLs', () => {
  it.each([
    ['https://acct.blob.core.windows.net/vhds/os.vhd?sv=1&sig=abc', true, 'vhds', 'os.vhd', true],
    ['https://acct.blob.core.usgovcloudapi.net/vhds/a/b/os.vhd', true, 'vhds', 'a/b/os.vhd', false],
    ['http://127.0.0.1:10000/devstoreaccount1/vhds/os.vhd', true, 'vhds', 'os.vhd', false],
    ['HTTPS://acct.blob.core.windows.net/c/my%20disk.vhd', true, 'c', 'my disk.vhd', false],
  ])('%s', (url, blob, containerName, name, hasSas) => {
    expect(isBlobUrl(url)).toBe(blob);
    expect(parseBlobUrl(url)).toMatchObject({ container: containerName, blob: name, hasSas });
  });

  it.each([['./image.vhd'], ['/tmp/https://x'], ['C:\\images\\os.vhd'], ['ftp://host/x.vhd']])('%s is a local path', (image) => {
    expect(isBlobUrl(image)).toBe(false);
  });

  it('refuses a URL without container and blob', () => {
    expect(() => parseBlobUrl('https://acct.blob.core.windows.net/vhds?sig=SECRET')).toThrow(/does not name a blob/);
    expect(() => parseBlobUrl('https://acct.blob.core.windows.net/vhds?sig=SECRET')).not.toThrow(/SECRET/);
  });
});
