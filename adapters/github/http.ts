import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CustomRoute } from '@slack/bolt';

/** An HTTP request reduced to what the GitHub handlers read, whatever the transport (node http, Lambda). */
export interface HttpRequestLike {
  method: string;
  /** Header names in lower case. */
  headers: Record<string, string | undefined>;
  /** The raw body, exactly as received (signatures are computed over it). */
  body: string;
  /** Path parameters, e.g. `{ id }` for `/github/actions/jobs/:id`. */
  params?: Record<string, string>;
}

/** What to answer, and the work to do once the answer is on its way (ack first, then hand off). */
export interface HttpReply {
  status: number;
  body: unknown;
  after?: () => Promise<void>;
}

export type HttpHandler = (request: HttpRequestLike) => Promise<HttpReply>;

/** Called with failures of the work done after replying, which no client can be told about. */
export type BackgroundErrorHandler = (activity: string, error: unknown) => void;

const maxBodyBytes = 5 * 1024 * 1024;

export function reply(status: number, body: unknown, after?: () => Promise<void>): HttpReply {
  return after ? { status, body, after } : { status, body };
}

async function readBody(req: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBodyBytes) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function headersOf(req: IncomingMessage): Record<string, string | undefined> {
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

/**
 * A Bolt custom route (also a plain node `http` handler) around a transport-independent handler: reads the
 * body, answers, and only then runs the reply's `after` work, reporting its failure to `onError`.
 */
export function toCustomRoute(
  path: string,
  method: 'GET' | 'POST',
  handler: HttpHandler,
  onError: BackgroundErrorHandler,
): CustomRoute {
  return {
    path,
    method,
    handler: (req, res) => {
      void (async () => {
        const body = await readBody(req);
        if (body === undefined) return send(res, 413, { error: 'the request body is too large' });
        const params = (req as { params?: Record<string, string> }).params;
        const result = await handler({ method, headers: headersOf(req), body, ...(params ? { params } : {}) });
        send(res, result.status, result.body);
        await result.after?.().catch((error: unknown) => onError(`handling ${method} ${path}`, error));
      })().catch((error: unknown) => {
        onError(`answering ${method} ${path}`, error);
        if (!res.headersSent) send(res, 500, { error: 'internal error' });
      });
    },
  };
}
