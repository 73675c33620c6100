import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * What every answer of the bot's web pages carries: never cached, never framed or read by another site, no
 * referrer leaving with a link, and the content type taken as given (a log is never sniffed into HTML).
 */
const everyAnswer = {
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
} as const;

/**
 * Headers for the bot's own HTML pages: only the style and script carrying the page's nonce run (no inline
 * handlers, nothing from elsewhere), requests go back to the bot alone, and forms (a page that has one) submit
 * only to the bot itself.
 */
export function pageHeaders(nonce: string, forms: 'none' | 'self' = 'none'): Record<string, string> {
  return {
    ...everyAnswer,
    'content-type': 'text/html; charset=utf-8',
    'content-security-policy': `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'; connect-src 'self'; base-uri 'none'; form-action '${forms}'; frame-ancestors 'none'`,
  };
}

/**
 * Headers for anything else the pages serve (a log stream, a file, JSON, a 404): opened on its own, it runs
 * nothing and loads nothing.
 */
export function plainHeaders(contentType: string): Record<string, string> {
  return {
    ...everyAnswer,
    'content-type': contentType,
    'content-security-policy':
      "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'; sandbox",
  };
}

/** A route's handler that answers 500 with nothing more when serving fails: a page never shows a stack trace. */
export function guarded<Req extends IncomingMessage>(
  serve: (req: Req, res: ServerResponse) => Promise<void>,
): (req: Req, res: ServerResponse) => void {
  return (req, res) => {
    serve(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500, plainHeaders('text/plain; charset=utf-8'));
      res.end();
    });
  };
}
