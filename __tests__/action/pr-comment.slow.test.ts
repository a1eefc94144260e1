import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { bundled, tempDir } from '../cli/entry-helpers.js';
import { fixtureImage } from '../helpers/fixtures.js';
import { FakeGitHub } from './github-api.js';
import { fixturePolicyFile } from '../helpers/fixture-policy.js';

/**
 * The bundled action (dist/index.js) as the runner starts it, on a pull_request event, against
 * the local GitHub REST API: the comment is created, then updated in place, and a fork's 403 is
 * a warning that leaves the verdict alone. The child runs asynchronously (the API server lives
 * in this process and must keep answering).
 */
const api = new FakeGitHub();
beforeAll(() => api.start());
afterAll(() => api.stop());

function runBundled(inputs: Record<string, string>, head: string): Promise<{ code: number; stdout: string; outputs: string }> {
  const dir = tempDir('action-pr');
  const event = path.join(dir, 'event.json');
  writeFileSync(event, JSON.stringify({ number: 3, pull_request: { number: 3, head: { repo: { full_name: head } }, base: { repo: { full_name: 'acme/images' } } } }));
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    GITHUB_OUTPUT: path.join(dir, 'output'),
    GITHUB_STEP_SUMMARY: path.join(dir, 'summary.md'),
    RUNNER_TEMP: dir,
    GITHUB_EVENT_NAME: 'pull_request',
    GITHUB_EVENT_PATH: event,
    GITHUB_API_URL: api.url,
    GITHUB_REPOSITORY: 'acme/images',
  };
  writeFileSync(env.GITHUB_OUTPUT!, '');
  writeFileSync(env.GITHUB_STEP_SUMMARY!, '');
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bundled('index.js')], { env });
    let stdout = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, outputs: readFileSync(env.GITHUB_OUTPUT!, 'utf8') }));
  });
}

describe('dist/index.js on a pull_request event', () => {
  it('creates the comment, updates it on the next run, and a fork 403 is only a warning', async () => {
    const image = await fixtureImage('generalized-good.vhd');
    const inputs = { image, 'os-state': 'generalized', 'hyper-v-generation': 'V2', 'github-token': 'ghs_x', config: fixturePolicyFile };
    const first = await runBundled(inputs, 'acme/images');
    expect(api.comments).toHaveLength(1);
    const id = api.comments[0]!.id;
    expect(api.comments[0]!.body).toMatch(/^\| \*\*generalized, V2\*\* \(declared\) \| /m);
    const second = await runBundled(inputs, 'acme/images');
    expect(second.code).toBe(first.code);
    expect(api.comments.map((c) => c.id)).toEqual([id]);
    expect(second.stdout).toContain(`vhd-gate: updated the pull-request comment https://github.com/acme/images/pull/3#issuecomment-${id}`);
    api.mode = 'fork-403';
    const fork = await runBundled(inputs, 'mallory/images');
    expect(fork.code).toBe(first.code);
    expect(fork.stdout).toContain('::warning::vhd-gate: could not write the pull-request comment on #3: the pull request comes from the fork mallory/images');
    const verdict = (o: string) => /^verdict<<(\S+)\n(.*)\n\1$/m.exec(o)?.[2];
    expect(verdict(fork.outputs)).toBe(verdict(first.outputs));
  });
});
