import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the fake GitHub API received. */
export interface RecordedRequest {
  method: string;
  path: string;
  body: unknown;
  authorization?: string;
  /** When it arrived, on the test's clock (see `clock`). */
  at: number;
}

export interface FakeComment {
  id: number;
  node_id: string;
  body: string;
  html_url: string;
  minimized: boolean;
}

/** A response to give instead of the normal one, once, to the next request that matches. */
export interface InjectedFailure {
  method: string;
  path: RegExp;
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

type Reply = { status: number; body?: unknown; headers?: Record<string, string> };
type Route = (match: RegExpExecArray, body: unknown, url: URL) => Reply;

/**
 * A small stand-in for the GitHub REST and GraphQL APIs on 127.0.0.1: it keeps comments, labels, statuses
 * and pull requests in memory, records every request, and can fail chosen requests (rate limits).
 */
export class FakeGitHubApi {
  readonly requests: RecordedRequest[] = [];
  readonly comments = new Map<number, FakeComment[]>();
  readonly labels = new Map<number, string[]>();
  readonly statuses: Array<Record<string, unknown> & { sha: string }> = [];
  readonly reactions: Array<{ commentId: number; content: string }> = [];
  readonly pulls = new Map<number, Record<string, unknown>>();
  readonly reviews = new Map<number, unknown[]>();
  readonly files = new Map<number, unknown[]>();
  readonly permissions = new Map<string, { permission: string; role_name: string }>();
  readonly teamMembers = new Map<string, string[]>();
  /** Issues opened through the API (not pull requests), with their state. */
  readonly issues: Array<{ number: number; title: string; body: string; labels: string[]; state: string }> = [];
  readonly failures: InjectedFailure[] = [];
  installationId = 4242;
  /** The clock requests are timed on: the real one unless a test gives its fake clock's. */
  clock: () => number = () => Date.now();
  private nextId = 1000;
  private server?: Server;
  private url = '';
  private readonly routes: Array<[string, RegExp, Route]> = [
    ['GET', /^\/repos\/[^/]+\/[^/]+\/issues\/(\d+)\/comments$/, (m, _b, url) => this.page(this.commentsOf(m), url)],
    ['POST', /^\/repos\/[^/]+\/[^/]+\/issues\/(\d+)\/comments$/, (m, b) => this.createComment(m, b)],
    ['PATCH', /^\/repos\/[^/]+\/[^/]+\/issues\/comments\/(\d+)$/, (m, b) => this.updateComment(m, b)],
    ['POST', /^\/repos\/[^/]+\/[^/]+\/issues\/comments\/(\d+)\/reactions$/, (m, b) => this.react(m, b)],
    ['POST', /^\/graphql$/, (_m, b) => this.graphql(b)],
    ['POST', /^\/repos\/[^/]+\/[^/]+\/statuses\/([0-9a-f]+)$/, (m, b) => this.status(m, b)],
    ['GET', /^\/repos\/[^/]+\/[^/]+\/issues\/(\d+)\/labels$/, (m, _b, url) => this.page(this.labelsOf(m), url)],
    ['POST', /^\/repos\/[^/]+\/[^/]+\/issues\/(\d+)\/labels$/, (m, b) => this.addLabels(m, b)],
    ['DELETE', /^\/repos\/[^/]+\/[^/]+\/issues\/(\d+)\/labels\/(.+)$/, (m) => this.removeLabel(m)],
    ['GET', /^\/repos\/[^/]+\/[^/]+\/pulls\/(\d+)$/, (m) => this.found(this.pulls.get(Number(m[1])))],
    ['GET', /^\/repos\/[^/]+\/[^/]+\/issues$/, (_m, _b, url) => this.page(this.openIssues(url), url)],
    ['POST', /^\/repos\/[^/]+\/[^/]+\/issues$/, (_m, b) => this.createIssue(b)],
    ['PATCH', /^\/repos\/[^/]+\/[^/]+\/issues\/(\d+)$/, (m, b) => this.updateIssue(m, b)],
    [
      'GET',
      /^\/repos\/[^/]+\/[^/]+\/pulls\/(\d+)\/reviews$/,
      (m, _b, u) => this.page(this.reviews.get(Number(m[1])) ?? [], u),
    ],
    [
      'GET',
      /^\/repos\/[^/]+\/[^/]+\/pulls\/(\d+)\/files$/,
      (m, _b, u) => this.page(this.files.get(Number(m[1])) ?? [], u),
    ],
    ['GET', /^\/repos\/[^/]+\/[^/]+\/collaborators\/([^/]+)\/permission$/, (m) => this.permission(m)],
    ['GET', /^\/orgs\/([^/]+)\/teams\/([^/]+)\/memberships\/([^/]+)$/, (m) => this.membership(m)],
    ['GET', /^\/repos\/[^/]+\/[^/]+\/installation$/, () => ({ status: 200, body: { id: this.installationId } })],
    ['POST', /^\/app\/installations\/(\d+)\/access_tokens$/, () => this.accessToken()],
  ];

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  /**
   * An open, mergeable PR of `repository` (`owner/name`) by `login`, from its branch `feature` at `headSha` into
   * `main`, which changes `files` and which `login` may write to.
   */
  addWritersPull(pr: number, options: { repository: string; login: string; headSha: string; files: string[] }) {
    const repo = { full_name: options.repository };
    this.pulls.set(pr, {
      number: pr,
      state: 'open',
      merged: false,
      draft: false,
      head: { sha: options.headSha, ref: 'feature', repo },
      base: { ref: 'main', repo },
      user: { login: options.login },
      mergeable: true,
      mergeable_state: 'clean',
      html_url: `https://github.example/pr/${pr}`,
    });
    this.files.set(
      pr,
      options.files.map((filename) => ({ filename })),
    );
    this.permissions.set(options.login, { permission: 'write', role_name: 'write' });
  }

  /** Requests matching a method and a path pattern. */
  made(method: string, path: RegExp): RecordedRequest[] {
    return this.requests.filter((request) => request.method === method && path.test(request.path));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const body: unknown = text ? JSON.parse(text) : undefined;
    const url = new URL(req.url ?? '/', 'http://fake');
    const method = req.method ?? 'GET';
    this.requests.push({
      method,
      path: url.pathname,
      body,
      authorization: req.headers.authorization,
      at: this.clock(),
    });
    const reply = this.injected(method, url.pathname) ?? this.route(method, url, body);
    res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
    res.end(reply.body === undefined ? '' : JSON.stringify(reply.body));
  }

  private injected(method: string, path: string): Reply | undefined {
    const index = this.failures.findIndex((failure) => failure.method === method && failure.path.test(path));
    if (index === -1) return undefined;
    const [failure] = this.failures.splice(index, 1);
    return failure && { status: failure.status, body: failure.body, headers: failure.headers ?? {} };
  }

  private route(method: string, url: URL, body: unknown): Reply {
    for (const [routeMethod, pattern, route] of this.routes) {
      const match = routeMethod === method ? pattern.exec(url.pathname) : null;
      if (match) return route(match, body, url);
    }
    return { status: 404, body: { message: 'Not Found' } };
  }

  private page(items: readonly unknown[], url: URL): Reply {
    const perPage = Number(url.searchParams.get('per_page') ?? 30);
    const page = Number(url.searchParams.get('page') ?? 1);
    const headers: Record<string, string> = {};
    if (page * perPage < items.length) {
      const next = new URL(url.toString());
      next.searchParams.set('page', String(page + 1));
      headers.link = `<${this.base()}${next.pathname}${next.search}>; rel="next"`;
    }
    return { status: 200, body: items.slice((page - 1) * perPage, page * perPage), headers };
  }

  private base(): string {
    return this.url;
  }

  private openIssues(url: URL) {
    const label = url.searchParams.get('labels') ?? '';
    return this.issues
      .filter((issue) => issue.state === url.searchParams.get('state') && (!label || issue.labels.includes(label)))
      .map((issue) => ({ ...issue, labels: issue.labels.map((name) => ({ name })) }));
  }

  private createIssue(body: unknown): Reply {
    const { title, body: text, labels } = body as { title: string; body: string; labels: string[] };
    const issue = { number: this.nextId++, title, body: text, labels, state: 'open' };
    this.issues.push(issue);
    return { status: 201, body: issue };
  }

  private updateIssue(match: RegExpExecArray, body: unknown): Reply {
    const issue = this.issues.find((each) => each.number === Number(match[1]));
    if (!issue) return { status: 404, body: { message: 'Not Found' } };
    issue.state = (body as { state: string }).state;
    return { status: 200, body: issue };
  }

  private found(value: unknown): Reply {
    return value === undefined ? { status: 404, body: { message: 'Not Found' } } : { status: 200, body: value };
  }

  private commentsOf(match: RegExpExecArray): FakeComment[] {
    const pr = Number(match[1]);
    if (!this.comments.has(pr)) this.comments.set(pr, []);
    return this.comments.get(pr) ?? [];
  }

  private createComment(match: RegExpExecArray, body: unknown): Reply {
    const id = this.nextId++;
    const comment: FakeComment = {
      id,
      node_id: `IC_${id}`,
      body: (body as { body: string }).body,
      html_url: `https://github.example/pr/${match[1]}#issuecomment-${id}`,
      minimized: false,
    };
    this.commentsOf(match).push(comment);
    return { status: 201, body: comment };
  }

  private findComment(id: number): FakeComment | undefined {
    return [...this.comments.values()].flat().find((comment) => comment.id === id);
  }

  private updateComment(match: RegExpExecArray, body: unknown): Reply {
    const comment = this.findComment(Number(match[1]));
    if (comment) comment.body = (body as { body: string }).body;
    return this.found(comment);
  }

  private react(match: RegExpExecArray, body: unknown): Reply {
    this.reactions.push({ commentId: Number(match[1]), content: (body as { content: string }).content });
    return { status: 201, body: { id: this.nextId++ } };
  }

  private graphql(body: unknown): Reply {
    const id = (body as { variables?: { id?: string } }).variables?.id;
    const comment = [...this.comments.values()].flat().find((candidate) => candidate.node_id === id);
    if (!comment) return { status: 200, body: { errors: [{ message: `no node ${id}` }] } };
    comment.minimized = true;
    return { status: 200, body: { data: { minimizeComment: { minimizedComment: { isMinimized: true } } } } };
  }

  private status(match: RegExpExecArray, body: unknown): Reply {
    this.statuses.push({ ...(body as Record<string, unknown>), sha: match[1] ?? '' });
    return { status: 201, body: {} };
  }

  private labelsOf(match: RegExpExecArray): Array<{ name: string }> {
    return (this.labels.get(Number(match[1])) ?? []).map((name) => ({ name }));
  }

  private addLabels(match: RegExpExecArray, body: unknown): Reply {
    const pr = Number(match[1]);
    const added = (body as { labels: string[] }).labels;
    this.labels.set(pr, [...new Set([...(this.labels.get(pr) ?? []), ...added])]);
    return { status: 200, body: this.labelsOf(match) };
  }

  private removeLabel(match: RegExpExecArray): Reply {
    const pr = Number(match[1]);
    const name = decodeURIComponent(match[2] ?? '');
    const current = this.labels.get(pr) ?? [];
    if (!current.includes(name)) return { status: 404, body: { message: 'Label does not exist' } };
    this.labels.set(
      pr,
      current.filter((label) => label !== name),
    );
    return { status: 200, body: this.labelsOf(match) };
  }

  private permission(match: RegExpExecArray): Reply {
    return this.found(this.permissions.get(match[1] ?? ''));
  }

  private membership(match: RegExpExecArray): Reply {
    const members = this.teamMembers.get(`${match[1]}/${match[2]}`) ?? [];
    return members.includes(match[3] ?? '')
      ? { status: 200, body: { state: 'active', role: 'member' } }
      : this.found(undefined);
  }

  private accessToken(): Reply {
    const expires = new Date(Date.now() + 3_600_000).toISOString();
    return { status: 201, body: { token: 'ghs_installation_token', expires_at: expires, permissions: {} } };
  }
}
