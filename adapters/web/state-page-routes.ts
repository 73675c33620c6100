import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CustomRoute } from '@slack/bolt';
import { type JobStatus, jobStatuses } from '../../core/jobs/job';
import type { AuditLog, Clock, JobStore, LockStore } from '../../core/ports';
import { auditPageHtml, jobsPageHtml, locksPageHtml } from '../../core/render/html/state-pages';
import * as z from '../../core/zod';
import { guarded, pageHeaders } from './pages';

export interface StatePageOptions {
  store: Pick<JobStore, 'listJobs'> & Pick<LockStore, 'listLocks'> & Pick<AuditLog, 'listAudit'>;
  /** The configured stacks' names, offered by the jobs filter. */
  stacks: readonly string[];
  clock: Clock;
}

/** How many jobs and audit entries a page shows: the recent ones (the store keeps the rest). */
const pageSize = 200;

const statuses = jobStatuses;

/** `/jobs?stack=…&status=…`: an empty value means any; a stack or status that does not exist matches nothing. */
const JobsQuerySchema = z.object({
  stack: z.optional(z.string()),
  status: z.optional(z.enum(statuses as [JobStatus, ...JobStatus[]])),
});

function queryOf(req: IncomingMessage): Record<string, string> {
  const params = new URL(req.url ?? '/', 'http://infrabot').searchParams;
  return Object.fromEntries([...params].filter(([, value]) => value !== ''));
}

function sendPage(res: ServerResponse, status: number, render: (nonce: string) => string, forms = false): void {
  const nonce = randomBytes(16).toString('base64');
  res.writeHead(status, pageHeaders(nonce, forms ? 'self' : 'none'));
  res.end(render(nonce));
}

async function jobsPage(req: IncomingMessage, res: ServerResponse, options: StatePageOptions): Promise<void> {
  const parsed = JobsQuerySchema.safeParse(queryOf(req));
  const filter = parsed.success ? parsed.data : {};
  const jobs = parsed.success
    ? await options.store.listJobs({
        limit: pageSize,
        ...(filter.stack ? { stack: filter.stack } : {}),
        ...(filter.status ? { status: [filter.status] } : {}),
      })
    : [];
  const problem = parsed.success ? undefined : `status must be one of ${statuses.join(', ')}, or empty for any`;
  const shown = { ...filter, stacks: options.stacks, statuses, ...(problem ? { problem } : {}) };
  sendPage(res, parsed.success ? 200 : 400, (nonce) => jobsPageHtml(jobs, shown, nonce), true);
}

/**
 * `GET /locks`, `/jobs` and `/audit`: the state at a glance. They are open pages, so they are served only by the
 * console, which listens on loopback.
 */
export function statePageRoutes(options: StatePageOptions): CustomRoute[] {
  const locks = async (_req: IncomingMessage, res: ServerResponse) => {
    const held = await options.store.listLocks(options.clock.now());
    sendPage(res, 200, (nonce) => locksPageHtml(held, nonce));
  };
  const audit = async (_req: IncomingMessage, res: ServerResponse) => {
    const entries = await options.store.listAudit({ limit: pageSize });
    sendPage(res, 200, (nonce) => auditPageHtml(entries, nonce));
  };
  return [
    { path: '/locks', method: ['GET'], handler: guarded(locks) },
    { path: '/jobs', method: ['GET'], handler: guarded((req, res) => jobsPage(req, res, options)) },
    { path: '/audit', method: ['GET'], handler: guarded(audit) },
  ];
}
