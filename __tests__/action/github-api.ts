import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One issue comment as the fake API stores it. */
export interface FakeComment {
  id: number;
  body: string;
  user: { login: string; type: 'Bot' | 'User' };
  issue: string;
}

/** How the fake API answers writes (and reads, for 404/500): as GitHub does for each case. */
export type ApiMode = 'ok' | 'fork-403' | 'no-permission-403' | 'rate-limit' | '404' | '500';

/**
 * A local stand-in for the GitHub REST API's issue-comment endpoints on 127.0.0.1 (node:http),
 * answering as api.github.com does: list with `per_page`/`page` and RFC 5988 Link headers,
 * create (201), update (200), and the error bodies GitHub sends a fork's read-only token (403
 * "Resource not accessible by integration"), an exhausted rate limit (403 with
 * x-ratelimit-remaining: 0), 404 and 500. Every request is recorded.
 */
export class FakeGitHub {
  readonly comments: FakeComment[] = [];
  readonly requests: { method: string; url: string; auth?: string }[] = [];
  mode: ApiMode = 'ok';
  private nextId = 1000;
  private server?: Server;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  /** Comments by someone else, to push ours past the first page. */
  seed(issue: string, count: number, body = (i: number) => `LGTM ${i}`): void {
    for (let i = 0; i < count; i++) this.comments.push({ id: this.nextId++, body: body(i), user: { login: 'octocat', type: 'User' }, issue });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    this.requests.push({ method: req.method ?? '', url: url.pathname + url.search, auth: req.headers.authorization });
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
      res.end(JSON.stringify(body));
    };
    const write = req.method === 'POST' || req.method === 'PATCH';
    if (this.mode === '500') return send(500, { message: 'Server Error' });
    if (this.mode === '404') return send(404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' });
    if (this.mode === 'rate-limit') return send(403, { message: 'API rate limit exceeded for installation.' }, { 'x-ratelimit-remaining': '0', 'x-ratelimit-limit': '1000' });
    if (write && (this.mode === 'fork-403' || this.mode === 'no-permission-403')) {
      return send(403, { message: 'Resource not accessible by integration', documentation_url: 'https://docs.github.com/rest/issues/comments#create-an-issue-comment' });
    }
    const list = /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/comments$/.exec(url.pathname);
    const one = /^\/repos\/([^/]+)\/([^/]+)\/issues\/comments\/(\d+)$/.exec(url.pathname);
    const html = (c: FakeComment) => ({ id: c.id, body: c.body, user: c.user, html_url: `https://github.com/${c.issue}#issuecomment-${c.id}` });
    if (list && req.method === 'GET') {
      const issue = `${list[1]}/${list[2]}/pull/${list[3]}`;
      const all = this.comments.filter((c) => c.issue === issue);
      const perPage = Number(url.searchParams.get('per_page') ?? 30);
      const page = Number(url.searchParams.get('page') ?? 1);
      const last = Math.max(1, Math.ceil(all.length / perPage));
      const link = (p: number, rel: string) => `<${this.url}${url.pathname}?per_page=${perPage}&page=${p}>; rel="${rel}"`;
      const headers: Record<string, string> = page < last ? { link: [link(page + 1, 'next'), link(last, 'last')].join(', ') } : {};
      return send(200, all.slice((page - 1) * perPage, page * perPage).map(html), headers);
    }
    if (list && req.method === 'POST') {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { body: string };
      if (body.body.length > 65536) return send(422, { message: 'Validation Failed', errors: [{ field: 'body', code: 'custom', message: 'body is too long (maximum is 65536 characters)' }] });
      const c: FakeComment = { id: this.nextId++, body: body.body, user: { login: 'github-actions[bot]', type: 'Bot' }, issue: `${list[1]}/${list[2]}/pull/${list[3]}` };
      this.comments.push(c);
      return send(201, html(c));
    }
    if (one && req.method === 'PATCH') {
      const c = this.comments.find((x) => x.id === Number(one[3]));
      if (!c) return send(404, { message: 'Not Found' });
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { body: string };
      if (body.body.length > 65536) return send(422, { message: 'Validation Failed' });
      c.body = body.body;
      return send(200, html(c));
    }
    return send(404, { message: 'Not Found' });
  }
}
