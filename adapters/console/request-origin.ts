import type { IncomingMessage } from 'node:http';

/** The names a browser on this machine reaches the loopback listener by. */
const loopbackNames = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * Whether the request was addressed to this machine by a loopback name. A page elsewhere can point a name of its
 * own at 127.0.0.1 (DNS rebinding) to read the console's open pages; its requests then carry that name.
 */
export function addressedToLoopback(req: IncomingMessage): boolean {
  const host = req.headers.host ?? '';
  const name = host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : (host.split(':')[0] ?? '');
  return loopbackNames.has(name.toLowerCase());
}

/**
 * Whether a request that acts (a command, a click) comes from the console's own page: JSON, which another site's
 * page can send only after a CORS preflight the console never grants, and no foreign `Origin`. Without this,
 * any site open in the operator's browser could post `/tf apply` to 127.0.0.1.
 */
export function sentByConsolePage(req: IncomingMessage): boolean {
  const type = req.headers['content-type'] ?? '';
  if (!/^application\/json\s*(;|$)/i.test(type)) return false;
  const origin = req.headers.origin;
  return origin === undefined || origin === `http://${req.headers.host ?? ''}`;
}
