import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/**
 * The secret a console asks of every request. Loopback alone does not keep people out: every process of this
 * machine reaches 127.0.0.1, a build's branch code included (its sandbox shares the network), and could read the
 * job pages and the audit or type `/tf apply` as the demo's applier. Only the address infrabot prints when it
 * starts carries the key; the browser that opens it keeps it in a cookie no other site is sent.
 */
export class ConsoleKey {
  readonly value = randomBytes(32).toString('base64url');
  /** Unique per console, so two consoles on one machine (ports share cookies) keep their own. */
  private readonly cookieName = `infrabot_console_${randomBytes(4).toString('hex')}`;

  /** `base` (`http://127.0.0.1:<port>/`) with the key, the address to print. */
  address(base: string): string {
    const url = new URL(base);
    url.searchParams.set('key', this.value);
    return url.href;
  }

  /** The key given in the address's `key` parameter (a first visit, or the bot's own `response_url` calls). */
  inQuery(url: URL): boolean {
    return this.matches(url.searchParams.get('key') ?? '');
  }

  /** The key carried by the cookie a first visit set. */
  inCookie(req: IncomingMessage): boolean {
    const cookies = (req.headers.cookie ?? '').split(';').map((pair) => pair.trim());
    const prefix = `${this.cookieName}=`;
    return cookies.some((cookie) => cookie.startsWith(prefix) && this.matches(cookie.slice(prefix.length)));
  }

  /** The cookie that lets the browser of the first visit in from then on, sent to this console only. */
  cookie(): string {
    return `${this.cookieName}=${this.value}; HttpOnly; SameSite=Strict; Path=/`;
  }

  private matches(given: string): boolean {
    const expected = Buffer.from(this.value);
    const actual = Buffer.from(given);
    return actual.length === expected.length && timingSafeEqual(actual, expected);
  }
}
