import { readFileSync } from 'node:fs';
import { SettingsError } from '../settings.js';

/** When the action writes its pull-request comment (input `comment`). */
export type CommentMode = 'auto' | 'always' | 'never';

/** The pull request a run belongs to, from the runner's event payload. */
export interface PullRequestRef {
  owner: string;
  repo: string;
  number: number;
  /** owner/repo of the PR's head when it differs from the base: a fork, whose pull_request token is read-only. */
  fork?: string;
}

/** Everything the comment step needs, read once from inputs and the runner's environment. */
export interface CommentSettings {
  mode: CommentMode;
  token: string;
  /** The REST API root: GITHUB_API_URL (GitHub Enterprise Server, the tests' local server), else api.github.com. */
  apiUrl: string;
  eventName: string;
  pullRequest?: PullRequestRef;
  /** Why no pull request was found, when none was. */
  noPullRequest?: string;
  /** The key of the hidden marker: comment-key, else the image. */
  key: string;
  runUrl?: string;
}

/** Events whose payload is a pull request, where `auto` comments. */
const pullRequestEvents = new Set(['pull_request', 'pull_request_target']);

/** The comment inputs (`comment`, `github-token`, `comment-key`) and the runner's event, checked. */
export function commentSettings(inputs: { comment: string; token: string; key: string; image: string }, env: NodeJS.ProcessEnv): CommentSettings {
  const raw = inputs.comment.trim().toLowerCase() || 'auto';
  if (raw !== 'auto' && raw !== 'always' && raw !== 'never') throw new SettingsError(`input comment: ${JSON.stringify(inputs.comment)} is not one of auto, always, never`);
  const eventName = env.GITHUB_EVENT_NAME ?? '';
  const server = env.GITHUB_SERVER_URL;
  const runUrl = server && env.GITHUB_REPOSITORY && env.GITHUB_RUN_ID ? `${server}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}` : undefined;
  const found = raw === 'never' ? { why: 'comment is never' } : pullRequestOf(env);
  return {
    mode: raw,
    token: inputs.token.trim(),
    apiUrl: (env.GITHUB_API_URL || 'https://api.github.com').replace(/\/+$/, ''),
    eventName,
    ...('pr' in found ? { pullRequest: found.pr } : { noPullRequest: found.why }),
    key: inputs.key.trim() || inputs.image.trim(),
    ...(runUrl ? { runUrl } : {}),
  };
}

/** Whether this run should try to comment, and if not, whether saying so is a warning (always) or a note (auto). */
export function shouldComment(s: CommentSettings): { comment: true; pr: PullRequestRef } | { comment: false; why?: string; warn: boolean } {
  if (s.mode === 'never') return { comment: false, warn: false };
  if (s.mode === 'auto' && !pullRequestEvents.has(s.eventName)) return { comment: false, warn: false };
  if (!s.pullRequest) return { comment: false, why: `no pull request to comment on (${s.noPullRequest ?? 'unknown'})`, warn: s.mode === 'always' };
  if (!s.token) return { comment: false, why: 'input github-token is empty, so no pull-request comment is written', warn: s.mode === 'always' };
  return { comment: true, pr: s.pullRequest };
}

/**
 * The pull request of the event payload (GITHUB_EVENT_PATH): `pull_request` for pull_request*
 * and review events, `issue` with a `pull_request` link for issue_comment.
 */
function pullRequestOf(env: NodeJS.ProcessEnv): { pr: PullRequestRef } | { why: string } {
  if (!env.GITHUB_EVENT_PATH) return { why: 'GITHUB_EVENT_PATH is not set' };
  let event: {
    pull_request?: { number?: number; head?: { repo?: { full_name?: string } | null }; base?: { repo?: { full_name?: string } } };
    issue?: { number?: number; pull_request?: unknown };
    repository?: { full_name?: string };
  };
  try {
    event = JSON.parse(readFileSync(env.GITHUB_EVENT_PATH, 'utf8'));
  } catch (error) {
    return { why: `the event payload could not be read: ${(error as Error).message}` };
  }
  const number = event.pull_request?.number ?? (event.issue?.pull_request ? event.issue.number : undefined);
  const repository = event.pull_request?.base?.repo?.full_name ?? event.repository?.full_name ?? env.GITHUB_REPOSITORY;
  if (typeof number !== 'number' || !repository || !repository.includes('/')) return { why: `the ${env.GITHUB_EVENT_NAME || 'unknown'} event carries no pull request` };
  const [owner, repo] = repository.split('/') as [string, string];
  const head = event.pull_request?.head?.repo?.full_name;
  return { pr: { owner, repo, number, ...(head && head !== repository ? { fork: head } : {}) } };
}
