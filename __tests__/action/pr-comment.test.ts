import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { actionRun } from '../helpers/every-output.js';
import { fixtureImage } from '../helpers/fixtures.js';
import { FakeGitHub } from './github-api.js';
import { fixturePolicyFile } from '../helpers/fixture-policy.js';

/**
 * The action's pull-request comment, run as the runner runs the entry (src/main.ts run() with
 * INPUT_* variables, GITHUB_EVENT_PATH at a pull_request payload, GITHUB_API_URL at a local
 * server that plays the GitHub REST API) — the real @actions/github client, no mock.
 */
const api = new FakeGitHub();
const dir = mkdtempSync(path.join(tmpdir(), 'vhd-gate-pr-'));
let passImage: string;
let failImage: string;

/** A pull_request event payload as the runner writes it: base repo, head repo (a fork when it differs), number. */
function eventFile(name: string, head = 'acme/images'): string {
  const file = path.join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify({ action: 'synchronize', number: 7, pull_request: { number: 7, head: { repo: { full_name: head } }, base: { repo: { full_name: 'acme/images' } } }, repository: { full_name: 'acme/images' } }));
  return file;
}

const runner = (event: string, eventName = 'pull_request') => ({
  GITHUB_EVENT_NAME: eventName,
  GITHUB_EVENT_PATH: event,
  GITHUB_API_URL: api.url,
  GITHUB_REPOSITORY: 'acme/images',
  GITHUB_SERVER_URL: 'https://github.com',
  GITHUB_RUN_ID: '4242',
});

const gate = (image: string, extra: Record<string, string> = {}) => ({ image, 'os-state': 'generalized', 'hyper-v-generation': 'V2', 'github-token': 'ghs_testtoken', config: fixturePolicyFile, ...extra });
const outputOf = (outputs: string, name: string) => new RegExp(`^${name}<<(\\S+)\\n([\\s\\S]*?)\\n\\1$`, 'm').exec(outputs)?.[2];
/** The step's failure lines: what decides the job, which the comment must never change. */
const errorsOf = (log: string) => log.split('\n').filter((l) => l.startsWith('::error'));
const ours = () => api.comments.filter((c) => c.body.startsWith('<!-- vhd-gate:'));

beforeAll(async () => {
  await api.start();
  passImage = await fixtureImage('generalized-good.vhd');
  failImage = await fixtureImage('specialized-good.vhd');
});
afterAll(() => api.stop());
beforeEach(() => {
  api.comments.length = 0;
  api.requests.length = 0;
  api.mode = 'ok';
});

describe('pull-request comment', () => {
  it('the first run creates the comment, the second updates the same comment in place', async () => {
    api.seed('acme/images/pull/7', 150); // ours will be on the second page of 100
    const first = await actionRun(gate(failImage), runner(eventFile('pr')));
    expect(ours()).toHaveLength(1);
    const id = ours()[0]!.id;
    expect(api.requests.some((r) => r.method === 'POST')).toBe(true);
    expect(api.requests.every((r) => r.auth === 'token ghs_testtoken')).toBe(true);
    expect(outputOf(first.outputs, 'comment-url')).toBe(`https://github.com/acme/images/pull/7#issuecomment-${id}`);
    expect(first.log).toMatch(/::error::vhd-gate: \d+ findings? at or above error/);

    const body = ours()[0]!.body;
    expect(body.split('\n')[0]).toBe(`<!-- vhd-gate:${encodeURIComponent(failImage).replace(/%2F/g, '/')} -->`);
    expect(body).toContain('### vhd-gate: ❌ FAIL');
    expect(body).toContain('Detected OS state: **specialized** (differs from the intended generalized)');
    // The fixture guest carries no kernel (size), so Azure's first outcome is "does not boot"; the
    // provisioning failure the scenario stands for follows it in the same row. The policy file's
    // severity overrides change the gate, not what Azure does.
    expect(body).toMatch(/^\| \*\*generalized, V2\*\* \(declared\) \| \*\*❌ does not boot\*\* \| .*also provisioning failure: `GEN-WAAGENT-MARKER`/m);
    expect(body).toMatch(/^\| specialized, V2 \| /m);
    expect(body).toMatch(/^1\. ❌ \*\*error\*\* \[`GEN-WAAGENT-MARKER`\]\(https:\/\/github\.com\/vhd-gate\/vhd-gate\/blob\/main\/docs\/rules\/GEN-WAAGENT-MARKER\.md\) — /m);
    // Rule text is escaped like image text: its backticks show as typed.
    expect(body).toContain('   - Fix: Run \\`sudo waagent -force -deprovision+user\\`');
    expect(body).toContain('[job summary and JSON report](https://github.com/acme/images/actions/runs/4242)');

    api.requests.length = 0;
    await actionRun(gate(failImage), runner(eventFile('pr')));
    expect(ours().map((c) => c.id)).toEqual([id]);
    expect(api.requests.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.url}`)).toEqual([`PATCH /repos/acme/images/issues/comments/${id}`]);
    // The list was paged with the Link header until the marker was found.
    expect(api.requests.filter((r) => r.method === 'GET').map((r) => r.url)).toEqual(['/repos/acme/images/issues/7/comments?per_page=100', '/repos/acme/images/issues/7/comments?per_page=100&page=2']);
  });

  it('two gate steps for two images keep two comments, each updated in place', async () => {
    await actionRun(gate(passImage), runner(eventFile('pr')));
    await actionRun(gate(failImage), runner(eventFile('pr')));
    expect(ours()).toHaveLength(2);
    const ids = ours().map((c) => c.id);
    await actionRun(gate(passImage), runner(eventFile('pr')));
    await actionRun(gate(failImage), runner(eventFile('pr')));
    expect(ours().map((c) => c.id)).toEqual(ids);
    expect(ours()[0]!.body).toContain(`— \`${passImage}\``);
    expect(ours()[1]!.body).toContain(`— \`${failImage}\``);
  });

  it('comment-key keeps one comment when the image path changes from run to run', async () => {
    const other = path.join(dir, 'build-2.vhd');
    writeFileSync(other, ''); // unreadable: the error comment replaces the first one
    await actionRun(gate(passImage, { 'comment-key': 'ubuntu-2204' }), runner(eventFile('pr')));
    await actionRun(gate(other, { 'comment-key': 'ubuntu-2204' }), runner(eventFile('pr')));
    expect(ours()).toHaveLength(1);
    expect(ours()[0]!.body.split('\n')[0]).toBe('<!-- vhd-gate:ubuntu-2204 -->');
    expect(ours()[0]!.body).toContain('### vhd-gate: ❔ ERROR');
  });

  it("a fork's read-only token (403): a warning, and the gate's verdict and exit are unchanged", async () => {
    const without = await actionRun(gate(passImage, { comment: 'never' }), runner(eventFile('fork', 'mallory/images')));
    api.mode = 'fork-403';
    const fork = await actionRun(gate(passImage), runner(eventFile('fork', 'mallory/images')));
    expect(fork.log).toContain('::warning::vhd-gate: could not write the pull-request comment on #7: the pull request comes from the fork mallory/images, whose pull_request token is read-only');
    expect(fork.log).toContain("The gate's verdict is unaffected.");
    expect(errorsOf(fork.log)).toEqual(errorsOf(without.log));
    expect(outputOf(fork.outputs, 'verdict')).toBe(outputOf(without.outputs, 'verdict'));
    expect(ours()).toHaveLength(0);
    // A failing image still fails for its findings, not for the comment.
    const failing = await actionRun(gate(failImage), runner(eventFile('fork', 'mallory/images')));
    expect(failing.log).toMatch(/::error::vhd-gate: \d+ findings? at or above error/);
    expect(failing.log).toContain('::warning::vhd-gate: could not write the pull-request comment');
  });

  it.each([
    ['no-permission-403', 'the token cannot write to pull requests: give the job `permissions: pull-requests: write`'],
    ['rate-limit', 'the API rate limit is exhausted'],
    ['404', 'the repository or pull request is not visible to the token'],
    ['500', 'the API answered 500'],
  ] as const)('%s: a warning naming the cause, never a failed gate', async (mode, why) => {
    const without = await actionRun(gate(passImage, { comment: 'never' }), runner(eventFile('pr')));
    api.mode = mode;
    const r = await actionRun(gate(passImage), runner(eventFile('pr')));
    expect(r.log).toContain(`::warning::vhd-gate: could not write the pull-request comment on #7: ${why}`);
    expect(errorsOf(r.log)).toEqual(errorsOf(without.log));
    expect(outputOf(r.outputs, 'verdict')).toBe(outputOf(without.outputs, 'verdict'));
  });

  it('auto stays quiet on other events; never never calls the API; always warns when there is no pull request', async () => {
    const push = path.join(dir, 'push.json');
    writeFileSync(push, JSON.stringify({ ref: 'refs/heads/main', repository: { full_name: 'acme/images' } }));
    const auto = await actionRun(gate(passImage), runner(push, 'push'));
    expect(auto.log).not.toContain('pull-request comment');
    await actionRun(gate(passImage, { comment: 'never' }), runner(eventFile('pr')));
    expect(api.requests).toEqual([]);
    const always = await actionRun(gate(passImage, { comment: 'always' }), runner(push, 'push'));
    expect(always.log).toContain('::warning::vhd-gate: no pull request to comment on (the push event carries no pull request)');
    expect(api.requests).toEqual([]);
  });

  it('a bad comment input is a caller mistake, named before the image is read', async () => {
    const r = await actionRun(gate(passImage, { comment: 'sometimes' }), runner(eventFile('pr')));
    expect(r.log).toContain('::error::vhd-gate: input comment: "sometimes" is not one of auto, always, never');
    expect(api.requests).toEqual([]);
  });
});
