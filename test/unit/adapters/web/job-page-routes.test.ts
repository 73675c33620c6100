import { appendFile, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { CustomRoute } from '@slack/bolt';
import { afterEach, describe, expect, it } from 'vitest';
import { JobLinks, jobLinkKey } from '../../../../adapters/web/job-links';
import { jobPageRoutes } from '../../../../adapters/web/job-page-routes';
import type { Job } from '../../../../core/jobs/job';
import { MemoryArtifacts } from '../../../fakes/fake-ports';
import { MemoryStore } from '../../../fakes/memory-store';
import { tempDir } from '../../../support/git-repo';

const job: Job = {
  id: 'j-abc1-def2',
  action: 'apply',
  stack: 'aws/prod/network',
  sha: 'a'.repeat(40),
  requestedBy: { source: 'slack', id: 'UALICE' },
  status: 'running',
  createdAt: '2026-12-06T10:00:00.000Z',
};

/** Serves the routes as Bolt does: the path's `:id` in `req.params`. */
async function serve(routes: CustomRoute[]): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const match = /^\/jobs\/([^/]+)(\/log)?$/.exec(path);
    const route = routes.find((candidate) => candidate.path === (match?.[2] ? '/jobs/:id/log' : '/jobs/:id'));
    if (!match || !route) {
      res.writeHead(404).end();
      return;
    }
    route.handler(Object.assign(req, { params: { id: match[1] ?? '' } }), res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

describe('jobPageRoutes', () => {
  let server: Server | undefined;

  afterEach(() => server?.close());

  async function setUp() {
    const dir = tempDir('job-pages');
    await mkdir(join(dir, job.id), { recursive: true });
    const logPath = join(dir, job.id, 'log.txt');
    await writeFile(logPath, 'init done\n');
    const store = new MemoryStore();
    await store.createJob(job);
    const links = new JobLinks({
      baseUrl: () => 'http://unused',
      key: jobLinkKey('secret'),
      ttlMs: 60_000,
      now: () => new Date(),
    });
    const routes = jobPageRoutes({
      jobs: store,
      artifacts: new MemoryArtifacts(),
      logPath: () => logPath,
      links,
      pollMs: 20,
    });
    const served = await serve(routes);
    server = served.server;
    return { store, logPath, url: served.url, query: links.query(job.id) };
  }

  it('streams each new line of a running job and ends when the job ends, masking secrets', async () => {
    // Prepare
    const { store, logPath, url, query } = await setUp();
    const page = await (await fetch(`${url}/jobs/${job.id}?${query}`)).text();
    const streamUrl = /data-stream="([^"]+)"/.exec(page)?.[1]?.replaceAll('&amp;', '&') ?? '';

    // Act
    const response = await fetch(`${url}${streamUrl}`);
    const streamHeaders = response.headers;
    await appendFile(logPath, 'aws_vpc.main: Creating...\nexport DB_PASSWORD=hunter2\n');
    setTimeout(() => {
      void appendFile(logPath, 'Apply complete!').then(() => store.transitionJob(job.id, 'succeeded'));
    }, 100);
    const events = await response.text();

    // Assess
    expect(page).toContain('init done');
    expect(events).not.toContain('init done');
    expect(events).toContain('aws_vpc.main: Creating...');
    expect(events).toContain('DB_PASSWORD=[redacted]');
    expect(events).not.toContain('hunter2');
    expect(events).toContain('Apply complete!');
    expect(events.trimEnd().endsWith('event: end\ndata: ""')).toBe(true);
    expect(streamHeaders.get('x-content-type-options')).toBe('nosniff');
    expect(streamHeaders.get('content-security-policy')).toMatch(/default-src 'none'.*sandbox/);
  });

  it('answers 404 to the stream of a link that is not signed for the job', async () => {
    const { url } = await setUp();

    const response = await fetch(`${url}/jobs/${job.id}/log?exp=9999999999&sig=forged`);

    expect(response.status).toBe(404);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  });

  it('answers 404 to a signed link of a job that does not exist, and to a malformed id', async () => {
    const { url, query } = await setUp();

    expect((await fetch(`${url}/jobs/j-nope-nope?${query}`)).status).toBe(404);
    expect((await fetch(`${url}/jobs/..%2Fstate.db?${query}`)).status).toBe(404);
  });

  it('shows and streams nothing of a file outside the job when its build replaced the log with a link to it', async () => {
    // Prepare: the build links its log to a file the bot can read
    const { store, logPath, url, query } = await setUp();
    const outside = join(tempDir('job-pages-outside'), 'secrets');
    await writeFile(outside, "another job's log, outside-the-job\n");
    await rm(logPath);
    await symlink(outside, logPath);
    await store.transitionJob(job.id, 'failed');

    // Act
    const page = await (await fetch(`${url}/jobs/${job.id}?${query}`)).text();
    const stream = await (await fetch(`${url}/jobs/${job.id}/log?${query}`)).text();

    // Assess
    expect(page).toContain(job.id);
    expect(page).not.toContain('outside-the-job');
    expect(stream).not.toContain('outside-the-job');
  });
});
