import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedCall {
  /** Web API method (`chat.postMessage`), or `response_url` for replies, or `upload` for file bytes. */
  method: string;
  body: Record<string, unknown>;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function parseBody(text: string, contentType: string | undefined): Record<string, unknown> {
  if (contentType?.includes('application/json')) return JSON.parse(text || '{}') as Record<string, unknown>;
  const form = Object.fromEntries(new URLSearchParams(text));
  // The Web API client sends blocks and other objects as JSON strings inside the form.
  for (const key of ['blocks', 'files', 'attachments']) {
    if (typeof form[key] === 'string') form[key] = JSON.parse(form[key]);
  }
  return form;
}

/**
 * A stand-in for Slack's Web API on 127.0.0.1 that records every call (and every `response_url` reply) and
 * answers like Slack does for the methods infrabot uses. `groups` maps a handle to its members; every user is a
 * full member of the workspace except the `guests`.
 */
export class SlackApiRecorder {
  readonly calls: RecordedCall[] = [];
  /** Channels the bot is not a member of: posting there fails with `not_in_channel`, as Slack answers. */
  readonly closedChannels = new Set<string>();
  private server?: Server;
  private seq = 0;
  private waiters: Array<() => void> = [];

  constructor(
    private readonly groups: Record<string, string[]> = {},
    private readonly guests: readonly string[] = [],
  ) {}

  get url(): string {
    const address = this.server?.address() as AddressInfo;
    return `http://127.0.0.1:${address.port}`;
  }

  /** Base URL for the bot's `SLACK_API_URL`. */
  get apiUrl(): string {
    return `${this.url}/api/`;
  }

  responseUrl(id = 'r1'): string {
    return `${this.url}/respond/${id}`;
  }

  async start(): Promise<void> {
    this.server = createServer(async (req, res) => {
      const text = await readBody(req);
      const path = req.url ?? '/';
      const method = path.startsWith('/api/')
        ? (path.slice(5).split('?')[0] ?? '')
        : path.startsWith('/respond/')
          ? 'response_url'
          : 'upload';
      const body =
        method === 'upload' ? { size: text.length, content: text } : parseBody(text, req.headers['content-type']);
      this.calls.push({ method, body });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(this.answer(method, body)));
      for (const wake of this.waiters.splice(0)) wake();
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  of(method: string): RecordedCall[] {
    return this.calls.filter((call) => call.method === method);
  }

  /** Waits until `predicate` holds over the recorded calls, or fails after `timeoutMs`. */
  async waitFor(predicate: (calls: RecordedCall[]) => boolean, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(this.calls)) {
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(`timed out waiting; calls so far: ${this.calls.map((call) => call.method).join(', ')}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, Math.min(left, 50));
      });
    }
  }

  private answer(method: string, body: Record<string, unknown>): Record<string, unknown> {
    const ts = `1700000000.${String(++this.seq).padStart(6, '0')}`;
    switch (method) {
      case 'chat.postMessage':
        if (this.closedChannels.has(String(body.channel))) return { ok: false, error: 'not_in_channel' };
        return { ok: true, channel: body.channel, ts };
      case 'chat.update':
        return { ok: true, channel: body.channel, ts: body.ts };
      case 'usergroups.list':
        return {
          ok: true,
          usergroups: Object.keys(this.groups).map((handle) => ({ id: `S${handle.toUpperCase()}`, handle })),
        };
      case 'usergroups.users.list': {
        const handle = Object.keys(this.groups).find((name) => `S${name.toUpperCase()}` === body.usergroup);
        return { ok: true, users: handle ? this.groups[handle] : [] };
      }
      case 'users.info': {
        const id = String(body.user);
        const guest = this.guests.includes(id);
        return { ok: true, user: { id, deleted: false, is_restricted: guest, is_ultra_restricted: guest } };
      }
      case 'conversations.open':
        return { ok: true, channel: { id: `D${String(body.users).slice(1)}` } };
      case 'files.getUploadURLExternal':
        return { ok: true, upload_url: `${this.url}/upload/F${this.seq}`, file_id: `F${this.seq}` };
      case 'files.completeUploadExternal':
        return { ok: true, files: [{ id: `F${this.seq}` }] };
      default:
        return { ok: true };
    }
  }
}
