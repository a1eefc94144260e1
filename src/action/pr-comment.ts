import { getOctokit } from '@actions/github';
import { oneLine } from '../report/neutralise.js';
import { redact } from '../report/redact.js';
import type { PullRequestRef } from './comment-settings.js';

/** The whole comment step (list, then update or create) gives up after this long: a hung API must not hang the gate. */
export const commentTimeoutMs = 60_000;

/** What happened to the comment. */
export type CommentResult = { action: 'created' | 'updated'; id: number; url: string } | { action: 'failed'; warning: string };

/** Minimal shape of a listed issue comment. */
interface ListedComment {
  id: number;
  body?: string;
  user?: { type?: string } | null;
}

/**
 * Writes the one comment of this image on the pull request: lists the PR's comments (every page,
 * stopping at the first that starts with the marker), updates it in place, or creates it when
 * there is none. Any failure (a fork's read-only token: 403; a missing `pull-requests: write`;
 * a rate limit; 404; 5xx; the network) is returned as a warning for the log: a comment never
 * decides the gate.
 */
export async function upsertComment(pr: PullRequestRef, body: string, marker: string, opts: { token: string; apiUrl: string }): Promise<CommentResult> {
  const octokit = getOctokit(opts.token, { baseUrl: opts.apiUrl, request: { signal: AbortSignal.timeout(commentTimeoutMs) } });
  const where = { owner: pr.owner, repo: pr.repo, issue_number: pr.number };
  try {
    const existing = await findComment(octokit, where, marker);
    if (existing) {
      const { data } = await octokit.rest.issues.updateComment({ owner: pr.owner, repo: pr.repo, comment_id: existing.id, body });
      return { action: 'updated', id: data.id, url: data.html_url };
    }
    const { data } = await octokit.rest.issues.createComment({ ...where, body });
    return { action: 'created', id: data.id, url: data.html_url };
  } catch (error) {
    return { action: 'failed', warning: explain(error, pr) };
  }
}

/**
 * The comment that starts with our marker. A bot's comment is preferred: anyone can post a
 * comment starting with the marker, and we would rather not overwrite (or fail on) theirs.
 */
async function findComment(octokit: ReturnType<typeof getOctokit>, where: { owner: string; repo: string; issue_number: number }, marker: string): Promise<ListedComment | undefined> {
  let fallback: ListedComment | undefined;
  for await (const page of octokit.paginate.iterator(octokit.rest.issues.listComments, { ...where, per_page: 100 })) {
    for (const c of page.data as ListedComment[]) {
      if (!c.body?.startsWith(marker)) continue;
      if (c.user?.type === 'Bot') return c;
      fallback ??= c;
    }
  }
  return fallback;
}

/** One warning line for a failed API call: what failed, the likely cause, and that the gate is unaffected. */
function explain(error: unknown, pr: PullRequestRef): string {
  const e = error as { status?: number; message?: string; response?: { headers?: Record<string, string | undefined> } };
  const status = typeof e.status === 'number' ? e.status : undefined;
  const remaining = e.response?.headers?.['x-ratelimit-remaining'];
  let why: string;
  if ((status === 403 || status === 429) && (remaining === '0' || status === 429)) why = 'the API rate limit is exhausted';
  else if (status === 403 || status === 401)
    why = pr.fork
      ? `the pull request comes from the fork ${pr.fork}, whose pull_request token is read-only`
      : 'the token cannot write to pull requests: give the job `permissions: pull-requests: write`, or pass a token that has it as github-token';
  else if (status === 404) why = 'the repository or pull request is not visible to the token';
  else if (status !== undefined) why = `the API answered ${status}`;
  else why = 'the API could not be reached';
  const detail = oneLine(redact(e.message ?? String(error))).slice(0, 300);
  return `vhd-gate: could not write the pull-request comment on #${pr.number}: ${why} (${detail}). The gate's verdict is unaffected.`;
}
