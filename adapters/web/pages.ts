import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Headers for the bot's own HTML pages: one nonce for their style and script, nothing leaves by referrer, and
 * forms (a page that has one) submit only to the bot itself.
 */
export function pageHeaders(nonce: string, forms: 'none' | 'self' = 'none'): Record<string, string> {
  return {
    'content-type': 'text/html; charset=utf-8',
    'content-security-policy': `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'; connect-src 'self'; base-uri 'none'; form-action '${forms}'; frame-ancestors 'none'`,
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  };
}

/** A route's handler that answers 500 with nothing more when serving fails: a page never shows a stack trace. */
export function guarded<Req extends IncomingMessage>(
  serve: (req: Req, res: ServerResponse) => Promise<void>,
): (req: Req, res: ServerResponse) => void {
  return (req, res) => {
    serve(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end();
    });
  };
}
