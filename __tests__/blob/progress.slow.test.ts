import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { BlobSASPermissions } from '@azure/storage-blob';
import { runCli } from '../../src/cli/run.js';
import { fixtureImage } from '../helpers/fixtures.js';
import { freshContainer, startAzurite, type Azurite } from './azurite.js';
import { startFaultProxy, type FaultProxy } from './fault-proxy.js';
import { uploadPageBlob } from './upload.js';
import { fixturePolicyFile } from '../helpers/fixture-policy.js';

/**
 * Progress of a slow blob read: a proxy answers every ranged read of Azurite 150 ms late, so a
 * check takes seconds. Progress (bytes and requests so far) goes to stderr, once the read has
 * taken a second: plain lines for a log, one line redrawn with \r on a terminal; never on stdout,
 * so the JSON report stays exactly JSON; nothing for a local file or when progress is off.
 */
let azurite: Azurite;
let slow: FaultProxy;
let sasUrl: string;
let slowEndpoint: string;

beforeAll(async () => {
  azurite = await startAzurite();
  const container = await freshContainer(azurite, 'progress');
  const name = 'generalized-good.vhd';
  await uploadPageBlob(container, name, await fixtureImage(name));
  sasUrl = await container.getBlobClient(name).generateSasUrl({ permissions: BlobSASPermissions.parse('r'), expiresOn: new Date(Date.now() + 3600_000) });
  slow = await startFaultProxy(azurite.port, Number.POSITIVE_INFINITY, undefined, 150);
  slowEndpoint = `http://127.0.0.1:${slow.port}/devstoreaccount1`;
}, 60_000);

afterAll(async () => {
  await slow?.close();
  await azurite?.stop();
});

async function check(endpoint: string, progress: { isTTY: boolean } | undefined) {
  let stdout = '';
  let stderr = '';
  const write = (t: string) => (stderr += t);
  const code = await runCli(['check', sasUrl, '--os-state', 'generalized', '--hyper-v-generation', 'V2', '--format', 'json', '--blob-endpoint', endpoint, '--config', fixturePolicyFile], {
    stdout: (t) => (stdout += t),
    stderr: write,
    env: {},
    ...(progress ? { progress: { write, isTTY: progress.isTTY } } : {}),
  });
  return { code, stdout, stderr };
}

const line = /vhd-gate: reading http:\/\/127\.0\.0\.1:\d+\/devstoreaccount1\/progress-[^:]+\/generalized-good\.vhd\?[^ ]*sig=\*\*\*[^ ]*: \d+\.\d (KiB|MiB) in \d+ requests?, \d+\.\d s/;

describe('progress of a slow blob read', () => {
  it('in a log: plain lines on stderr; stdout is the JSON report alone', async () => {
    const r = await check(slowEndpoint, { isTTY: false });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).verdict).toBe('pass');
    expect(r.stdout).not.toContain('reading');
    const lines = r.stderr.split('\n').filter((l) => l !== '');
    expect(lines.length).toBeGreaterThanOrEqual(1);
    for (const l of lines) expect(l).toMatch(new RegExp(`^${line.source}$`));
    expect(r.stderr).not.toContain('\r');
    expect(r.stderr).not.toContain(new URL(sasUrl).searchParams.get('sig')!);
  });

  it('on a terminal: one line redrawn with \\r and cleared at the end', async () => {
    const r = await check(slowEndpoint, { isTTY: true });
    expect(r.code).toBe(0);
    JSON.parse(r.stdout);
    const draws = r.stderr.split('\r\x1b[K');
    expect(draws.length).toBeGreaterThan(3); // redrawn every 250 ms over seconds
    expect(draws.at(-1)).toBe(''); // the last write clears the line
    for (const d of draws.slice(1, -1)) expect(d).toMatch(new RegExp(`^${line.source}$`));
    expect(r.stderr).not.toContain('\n');
    // The counts grow.
    const requests = draws.slice(1, -1).map((d) => Number(/in (\d+) request/.exec(d)![1]));
    expect(requests.at(-1)!).toBeGreaterThan(requests[0]!);
  });

  it('nothing for a local file (progress is for blob reads), or when progress is off (--quiet)', async () => {
    let stderr = '';
    const write = (t: string) => (stderr += t);
    const local = await runCli(['check', await fixtureImage('generalized-good.vhd'), '--os-state', 'generalized', '--format', 'json', '--config', fixturePolicyFile], {
      stdout: () => undefined,
      stderr: write,
      env: {},
      progress: { write, isTTY: false },
    });
    expect(local).toBe(0);
    expect(stderr).toBe('');
    const off = await check(slowEndpoint, undefined);
    expect(off.code).toBe(0);
    expect(off.stderr).toBe('');
  });
});
