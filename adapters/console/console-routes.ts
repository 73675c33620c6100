import { randomBytes } from 'node:crypto';
import type { CustomRoute } from '@slack/bolt';
import { messageHtml } from '../../core/render/html/block-kit-html';
import * as z from '../../core/zod';
import { pageHeaders, plainHeaders } from '../web/pages';
import type { ConsoleMessage } from './console-feed';
import type { ConsoleKey } from './console-key';
import { consolePageHtml } from './console-page';
import type { ConsoleBackend, ConsoleRequest, ConsoleResponse, ConsoleView } from './console-types';
import { addressedToLoopback, sentByConsolePage } from './request-origin';

const CommandSchema = z.object({
  user: z.string().check(z.minLength(1)),
  text: z.string().check(z.regex(/^\/(tf|cdn|logs)(\s|$)/, { error: 'start with /tf, /cdn or /logs' })),
});

const ActionSchema = z.object({
  user: z.string().check(z.minLength(1)),
  messageTs: z.string().check(z.minLength(1)),
  actionId: z.string().check(z.minLength(1)),
  value: z._default(z.string(), ''),
});

const ResponseSchema = z.object({
  text: z._default(z.string(), ''),
  blocks: z.optional(z.array(z.unknown())),
  response_type: z.optional(z.string()),
});

const maxBody = 256 * 1024;

async function readJson(req: ConsoleRequest): Promise<unknown> {
  let body = '';
  for await (const chunk of req) {
    body += String(chunk);
    if (body.length > maxBody) return undefined;
  }
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

function send(res: ConsoleResponse, status: number, body: unknown): void {
  res.writeHead(status, plainHeaders('application/json'));
  res.end(JSON.stringify(body));
}

function sendText(res: ConsoleResponse, status: number, text: string): void {
  res.writeHead(status, plainHeaders('text/plain; charset=utf-8'));
  res.end(text);
}

/** A message as the page draws it: its HTML, and what decides where and for whom it shows. */
function feedEvent(message: ConsoleMessage, receiver: ConsoleView): string {
  const userName = (id: string) => receiver.users.find((user) => user.id === id)?.name ?? id;
  return JSON.stringify({
    ts: message.ts,
    threadTs: message.threadTs,
    ephemeralFor: message.ephemeralFor,
    direct: message.direct,
    from: message.from ? userName(message.from) : undefined,
    file: message.file,
    html: messageHtml(message.message, { messageId: message.ts, userName }),
  });
}

function streamFeed(res: ConsoleResponse, receiver: ConsoleView, req: ConsoleRequest): void {
  res.writeHead(200, { ...plainHeaders('text/event-stream'), connection: 'keep-alive' });
  res.flushHeaders();
  const write = (message: ConsoleMessage) => res.write(`event: message\ndata: ${feedEvent(message, receiver)}\n\n`);
  for (const message of receiver.feed.all()) write(message);
  const stop = receiver.feed.subscribe(write);
  req.on('close', stop);
}

/** `/jobs/:id` → a test of a path that fills `params`. */
function pathMatcher(pattern: string): (path: string) => Record<string, string> | undefined {
  const names: string[] = [];
  const source = pattern.replace(/:(\w+)/g, (_, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  const expression = new RegExp(`^${source}$`);
  return (path) => {
    const match = expression.exec(path);
    if (!match) return undefined;
    return Object.fromEntries(names.map((name, index) => [name, decodeURIComponent(match[index + 1] ?? '')]));
  };
}

/** Whether people act in this console (the embedded default) or it only watches (beside Slack). */
function isBackend(view: ConsoleView): view is ConsoleBackend {
  return 'command' in view;
}

/** A command typed or a button clicked in the page, or a listener's reply to its `response_url`; false: none of them. */
async function act(
  req: ConsoleRequest,
  res: ConsoleResponse,
  path: string,
  receiver: ConsoleBackend,
): Promise<boolean> {
  const answer = (status: number, body: unknown) => {
    send(res, status, body);
    return true;
  };
  if (path === '/console/command') {
    const parsed = CommandSchema.safeParse(await readJson(req));
    if (!parsed.success) return answer(400, { error: parsed.error.issues[0]?.message ?? 'bad request' });
    const [command = '/tf', ...words] = parsed.data.text.trim().split(/\s+/);
    await receiver.command(parsed.data.user, command, words.join(' '));
    return answer(200, { ok: true });
  }
  if (path === '/console/action') {
    const parsed = ActionSchema.safeParse(await readJson(req));
    if (!parsed.success) return answer(400, { error: 'bad request' });
    const { user, messageTs, actionId, value } = parsed.data;
    await receiver.action(user, messageTs, actionId, value);
    return answer(200, { ok: true });
  }
  const respondTo = /^\/console\/respond\/([^/]+)$/.exec(path);
  if (!respondTo) return false;
  const parsed = ResponseSchema.safeParse(await readJson(req));
  if (!parsed.success) return answer(400, { ok: false });
  receiver.respond(decodeURIComponent(respondTo[1] ?? ''), parsed.data);
  return answer(200, { ok: true });
}

/**
 * Lets in a request that carries the console's key, or answers it and says no. A first visit brings the key in
 * its address: the browser gets it as a cookie and the address without it, so the key stays out of history and
 * of links copied from the page.
 */
function admitted(req: ConsoleRequest, res: ConsoleResponse, url: URL, key: ConsoleKey): boolean {
  if (key.inCookie(req)) return true;
  if (!key.inQuery(url)) {
    sendText(res, 401, 'The console asks for its key: open the address infrabot printed when it started (…/?key=…).');
    return false;
  }
  if (req.method !== 'GET') return true;
  url.searchParams.delete('key');
  res.writeHead(303, {
    ...plainHeaders('text/plain; charset=utf-8'),
    location: `${url.pathname}${url.search}`,
    'set-cookie': key.cookie(),
  });
  res.end();
  return false;
}

/**
 * The console's HTTP routes, then the custom routes (job pages, the state at a glance) on the same port, for
 * requests that carry `key`. A console whose view is not a backend only watches: its page has no picker or
 * command box, and it takes no POST.
 */
export function consoleRoutes(
  view: ConsoleView | ConsoleBackend,
  customRoutes: readonly CustomRoute[],
  key: ConsoleKey,
) {
  const custom = customRoutes.map((route) => ({ route, match: pathMatcher(route.path) }));
  return async (req: ConsoleRequest, res: ConsoleResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://console');
    const path = url.pathname;
    if (!addressedToLoopback(req)) return sendText(res, 403, 'the console answers at 127.0.0.1 only');
    if (!admitted(req, res, url, key)) return;
    if (req.method === 'POST' && path.startsWith('/console/') && !sentByConsolePage(req)) {
      return send(res, 403, { error: 'send JSON from the console page' });
    }
    if (req.method === 'GET' && path === '/') {
      const nonce = randomBytes(16).toString('base64');
      res.writeHead(200, pageHeaders(nonce));
      res.end(consolePageHtml(view.users, nonce));
      return;
    }
    if (req.method === 'GET' && path === '/console/feed') return streamFeed(res, view, req);
    if (req.method === 'POST' && isBackend(view) && (await act(req, res, path, view))) return;
    const file = /^\/console\/files\/(\w+)$/.exec(path);
    const content = file && req.method === 'GET' ? view.feed.file(file[1] ?? '') : undefined;
    if (content !== undefined) return sendText(res, 200, content);
    for (const { route, match } of custom) {
      const params = match(path);
      const methods = Array.isArray(route.method) ? route.method : [route.method];
      if (params && methods.includes(req.method ?? 'GET')) {
        route.handler(Object.assign(req, { params }), res);
        return;
      }
    }
    sendText(res, 404, 'Not found');
  };
}
