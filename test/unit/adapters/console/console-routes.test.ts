import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ConsoleFeed } from '../../../../adapters/console/console-feed';
import { ConsoleKey } from '../../../../adapters/console/console-key';
import { consoleRoutes } from '../../../../adapters/console/console-routes';
import type { ConsoleBackend } from '../../../../adapters/console/console-types';

/** A console backend that records what people typed, and has one file to download. */
function recordingBackend() {
  const feed = new ConsoleFeed();
  const commands: string[] = [];
  const backend: ConsoleBackend = {
    users: [{ id: 'UDEMOADA', name: 'Ada', role: 'applier' }],
    feed,
    command: async (user, command, text) => {
      commands.push(`${user} ${command} ${text}`);
    },
    action: async () => {},
    respond: () => {},
  };
  return { backend, commands, fileId: feed.keepFile('<script>alert(1)</script>') };
}

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One HTTP request with exactly these headers (fetch would not let a test set `Host`). */
function send(url: string, options: { method?: string; headers?: Record<string, string>; body?: string }) {
  return new Promise<Answer>((resolve, reject) => {
    const req = request(url, { method: options.method ?? 'GET', headers: options.headers ?? {} }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => {
        body += chunk.toString();
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

describe('consoleRoutes', () => {
  let server: Server | undefined;
  afterEach(() => server?.close());

  let cookie = '';

  /** Serves the console; `send` then carries the cookie its keyed address gives, as the operator's browser does. */
  async function serve(backend: ConsoleBackend): Promise<{ url: string; host: string; key: ConsoleKey }> {
    const key = new ConsoleKey();
    server = createServer((req, res) => void consoleRoutes(backend, [], key)(req, res));
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
    const firstVisit = await send(key.address(`http://${host}/`), {});
    cookie = String(firstVisit.headers['set-cookie']).split(';')[0] ?? '';
    return { url: `http://${host}`, host, key };
  }

  /** A request with the console's cookie unless it brings a `cookie` header of its own. */
  function sendAsOperator(url: string, options: { method?: string; headers?: Record<string, string>; body?: string }) {
    return send(url, { ...options, headers: { cookie, ...options.headers } });
  }

  const command = JSON.stringify({ user: 'UDEMOADA', text: '/tf apply demo/app' });

  it('serves its page under a nonce-only Content-Security-Policy that no frame may embed', async () => {
    const { url } = await serve(recordingBackend().backend);

    const page = await sendAsOperator(`${url}/`, {});

    const policy = String(page.headers['content-security-policy']);
    const nonce = /script-src 'nonce-([^']+)'/.exec(policy)?.[1];
    expect(nonce).toBeDefined();
    expect(policy).toContain("default-src 'none'");
    expect(policy).toContain("frame-ancestors 'none'");
    expect(page.body).toContain(`<script nonce="${nonce}">`);
    expect(page.body).not.toMatch(/<script>|\son\w+="/);
    expect(page.headers).toMatchObject({ 'x-content-type-options': 'nosniff', 'x-frame-options': 'DENY' });
  });

  it('serves a file as plain text that runs nothing, even opened on its own', async () => {
    const { backend, fileId } = recordingBackend();
    const { url } = await serve(backend);

    const file = await sendAsOperator(`${url}/console/files/${fileId}`, {});

    expect(file.body).toBe('<script>alert(1)</script>');
    expect(file.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(file.headers['x-content-type-options']).toBe('nosniff');
    expect(String(file.headers['content-security-policy'])).toMatch(/default-src 'none'.*sandbox/);
  });

  it('runs a command the console page sends as JSON from its own origin', async () => {
    const { backend, commands } = recordingBackend();
    const { url, host } = await serve(backend);

    const sent = await sendAsOperator(`${url}/console/command`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: `http://${host}` },
      body: command,
    });

    expect(sent.status).toBe(200);
    expect(commands).toEqual(['UDEMOADA /tf apply demo/app']);
  });

  it('refuses a command posted by another site’s page, as a form or with its own origin', async () => {
    const { backend, commands } = recordingBackend();
    const { url } = await serve(backend);

    const asForm = await sendAsOperator(`${url}/console/command`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', origin: 'https://evil.example' },
      body: command,
    });
    const foreignOrigin = await sendAsOperator(`${url}/console/command`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'https://evil.example' },
      body: command,
    });

    expect([asForm.status, foreignOrigin.status]).toEqual([403, 403]);
    expect(commands).toEqual([]);
  });

  it('answers nothing to a request addressed by a name other than loopback (DNS rebinding)', async () => {
    const { url } = await serve(recordingBackend().backend);

    const rebound = await sendAsOperator(`${url}/`, { headers: { host: 'evil.example:3000' } });

    expect(rebound.status).toBe(403);
    expect(rebound.body).toBe('the console answers at 127.0.0.1 only');
  });

  it('lets nobody in without its key: no page, no feed, no state, no command', async () => {
    const { backend, commands } = recordingBackend();
    const { url, host } = await serve(backend);
    const anonymous = { cookie: '' };

    const answers = await Promise.all([
      sendAsOperator(`${url}/`, { headers: anonymous }),
      sendAsOperator(`${url}/console/feed`, { headers: anonymous }),
      sendAsOperator(`${url}/jobs`, { headers: anonymous }),
      sendAsOperator(`${url}/console/command`, {
        method: 'POST',
        headers: { ...anonymous, 'content-type': 'application/json', origin: `http://${host}` },
        body: command,
      }),
    ]);

    expect(answers.map((answer) => answer.status)).toEqual([401, 401, 401, 401]);
    expect(answers[0]?.body).toContain('open the address infrabot printed when it started');
    expect(commands).toEqual([]);
  });

  it('refuses a wrong key, in the address or in the cookie', async () => {
    const { backend, commands } = recordingBackend();
    const { url, host, key } = await serve(backend);
    const wrong = `${key.value.slice(0, -2)}AA`;

    const wrongAddress = await sendAsOperator(`${url}/?key=${wrong}`, { headers: { cookie: '' } });
    const wrongCookie = await sendAsOperator(`${url}/console/command`, {
      method: 'POST',
      headers: {
        cookie: cookie.replace(/=.*/, `=${wrong}`),
        'content-type': 'application/json',
        origin: `http://${host}`,
      },
      body: command,
    });

    expect([wrongAddress.status, wrongCookie.status]).toEqual([401, 401]);
    expect(commands).toEqual([]);
  });

  it('gives the first visit with its key a cookie only this console is sent, and the address without the key', async () => {
    const { url, key } = await serve(recordingBackend().backend);

    const firstVisit = await sendAsOperator(key.address(`${url}/jobs?stack=demo%2Fapp`), { headers: { cookie: '' } });

    expect(firstVisit.status).toBe(303);
    expect(firstVisit.headers.location).toBe('/jobs?stack=demo%2Fapp');
    expect(String(firstVisit.headers['set-cookie'])).toMatch(
      /^infrabot_console_\w+=[\w-]+; HttpOnly; SameSite=Strict; Path=\/$/,
    );
  });
});
