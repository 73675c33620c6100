import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { statePageRoutes } from '../../../../adapters/web/state-page-routes';
import type { Job } from '../../../../core/jobs/job';
import { MemoryStore } from '../../../fakes/memory-store';

const base: Job = {
  id: 'j-abc1-0001',
  action: 'plan',
  stack: 'demo/app',
  sha: 'c'.repeat(40),
  requestedBy: { source: 'slack', id: 'UDEMOADA' },
  status: 'succeeded',
  createdAt: '2026-12-06T10:00:00.000Z',
};

describe('statePageRoutes', () => {
  let server: Server | undefined;

  afterEach(() => server?.close());

  async function serve(store: MemoryStore): Promise<string> {
    const routes = statePageRoutes({ store, stacks: ['demo/app', 'demo/network'], clock: { now: () => new Date() } });
    server = createServer((req, res) => {
      const route = routes.find((candidate) => candidate.path === new URL(req.url ?? '/', 'http://x').pathname);
      if (route) route.handler(req, res);
      else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  it('filters the jobs page by stack and status', async () => {
    // Prepare
    const store = new MemoryStore();
    await store.createJob(base);
    await store.createJob({ ...base, id: 'j-abc1-0002', status: 'failed' });
    await store.createJob({ ...base, id: 'j-abc1-0003', stack: 'demo/network', status: 'failed' });
    const url = await serve(store);

    // Act
    const response = await fetch(`${url}/jobs?stack=demo%2Fapp&status=failed`);
    const all = await (await fetch(`${url}/jobs?stack=&status=`)).text();

    // Assess
    const html = await response.text();
    expect(response.status).toBe(200);
    expect(html).toContain('j-abc1-0002');
    expect(html).not.toContain('j-abc1-0001');
    expect(html).not.toContain('j-abc1-0003');
    expect(all).toContain('j-abc1-0001');
    expect(all).toContain('j-abc1-0003');
  });

  it('answers a status that does not exist with what the statuses are', async () => {
    const url = await serve(new MemoryStore());

    const response = await fetch(`${url}/jobs?status=done`);

    expect(response.status).toBe(400);
    expect(await response.text()).toContain(
      'status must be one of waiting, queued, running, succeeded, failed, cancelled',
    );
  });

  it('shows the locks held and the audit trail, as pages no other site may frame or script', async () => {
    // Prepare
    const store = new MemoryStore();
    const now = new Date();
    await store.acquireLock(
      {
        stack: 'demo/app',
        owner: { kind: 'job', jobId: 'j-abc1-0001' },
        jobId: 'j-abc1-0001',
        heldBy: 'UDEMOADA',
        ttlMs: 60_000,
      },
      now,
    );
    await store.appendAudit({
      at: now.toISOString(),
      actor: { source: 'slack', id: 'UDEMODEV' },
      action: 'tf.apply',
      target: 'demo/app',
      outcome: 'refused',
    });
    const url = await serve(store);

    // Act
    const locks = await fetch(`${url}/locks`);
    const audit = await fetch(`${url}/audit`);

    // Assess
    expect(await locks.text()).toContain('<a href="/jobs/j-abc1-0001">');
    expect(locks.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(await audit.text()).toMatch(/UDEMODEV via slack.*tf\.apply.*demo\/app.*refused/s);
  });
});
