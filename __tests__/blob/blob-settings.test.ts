import { describe, expect, it } from '@jest/globals';
import { PassThrough } from 'node:stream';
import { readBody } from '../../src/io/blob/read-body.js';
import { actionInputNames, buildCheckSettings, buildInspectSettings, cliInputNames, SettingsError } from '../../src/settings.js';

/** The blob options as settings (no service needed), and the body reader's limits. */
const url = 'https://acct.blob.core.windows.net/vhds/os.vhd';
const cs = 'DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=c2VjcmV0;EndpointSuffix=core.windows.net';

describe('blob settings', () => {
  it('pass the connection string and endpoint through for a blob URL', async () => {
    const check = await buildCheckSettings({ image: url, osState: 'generalized', connectionString: ` ${cs} `, blobEndpoint: 'http://127.0.0.1:10000/devstoreaccount1' }, cliInputNames);
    expect(check.blob).toEqual({ connectionString: cs, blobEndpoint: 'http://127.0.0.1:10000/devstoreaccount1' });
    expect(buildInspectSettings({ image: url }, cliInputNames)).toEqual({ image: url });
  });

  it.each([
    [cliInputNames, { image: './disk.vhd', connectionString: cs }, '--connection-string applies only when IMAGE is a blob URL'],
    [actionInputNames, { image: './disk.vhd', blobEndpoint: 'http://127.0.0.1:10000/x' }, 'input blob-endpoint applies only when input image is a blob URL'],
    [cliInputNames, { image: url, blobEndpoint: '127.0.0.1:10000' }, '--blob-endpoint: expected an http(s) URL'],
  ])('refuse what would be ignored or cannot work (%#)', (names, raw, message) => {
    expect(() => buildInspectSettings(raw, names)).toThrow(SettingsError);
    expect(() => buildInspectSettings(raw, names)).toThrow(message);
    expect(() => buildInspectSettings(raw, names)).not.toThrow(/c2VjcmV0/);
  });
});

describe('readBody', () => {
  const never = new AbortController().signal;
  it('reads a body of the expected length', async () => {
    const body = new PassThrough();
    const read = readBody(body, 6, never);
    body.write(Buffer.from('abc'));
    body.end(Buffer.from('def'));
    expect(Buffer.from(await read).toString()).toBe('abcdef');
  });
  it('returns a short body short (the caller retries it)', async () => {
    const body = new PassThrough();
    const read = readBody(body, 6, never);
    body.end(Buffer.from('abc'));
    expect((await read).length).toBe(3);
  });
  it('refuses a body longer than the range, without buffering it', async () => {
    const body = new PassThrough();
    const read = readBody(body, 4, never);
    body.write(Buffer.alloc(1024));
    await expect(read).rejects.toThrow('longer than the 4 bytes asked for');
  });
  it('gives up on a stalled body when the request times out', async () => {
    const body = new PassThrough();
    const controller = new AbortController();
    const read = readBody(body, 8, controller.signal);
    body.write(Buffer.from('ab'));
    setTimeout(() => controller.abort(), 20);
    await expect(read).rejects.toThrow('stalled after 2 of 8 bytes');
  });
});
