import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CustomRoute } from '@slack/bolt';
import { isFinished } from '../../core/jobs/job';
import { JobRequestSchema } from '../../core/jobs/job-request';
import type { Artifacts, JobStore } from '../../core/ports';
import { redactSecrets } from '../../core/redact';
import { jobPageHtml } from '../../core/render/html/job-page';
import type { JobLinks } from './job-links';
import { readLogFrom } from './log-tail';
import { guarded, pageHeaders, plainHeaders } from './pages';

export interface JobPageOptions {
  jobs: Pick<JobStore, 'getJob'>;
  artifacts: Artifacts;
  /** Where a job's log grows while it runs (the local runner writes it there). */
  logPath: (jobId: string) => string;
  /** Checks the signed links; absent, pages are open (the console, on loopback only). */
  links?: JobLinks;
  /** How often a stream looks for more log, in ms. */
  pollMs?: number;
}

type Request = IncomingMessage & { params?: Record<string, string | string[]> };

const notFound = (res: ServerResponse) => {
  res.writeHead(404, plainHeaders('text/plain; charset=utf-8'));
  res.end('Not found');
};

/** The job a request names, if its id is well formed and (with links) its signature holds. */
function authorizedJobId(req: Request, options: JobPageOptions): { id: string; query: URLSearchParams } | undefined {
  const param = req.params?.id;
  const id = typeof param === 'string' ? param : '';
  const query = new URL(req.url ?? '/', 'http://infrabot').searchParams;
  if (!JobRequestSchema.shape.jobId.safeParse(id).success) return undefined;
  if (options.links && !options.links.verify(id, query)) return undefined;
  return { id, query };
}

async function servePage(req: Request, res: ServerResponse, options: JobPageOptions): Promise<void> {
  const found = authorizedJobId(req, options);
  const job = found && (await options.jobs.getJob(found.id));
  if (!found || !job) return notFound(res);
  const planText = await options.artifacts.get(job.id, 'plan.txt');
  const log = await readLogFrom(options.logPath(job.id), 0, isFinished(job.status));
  const stream = new URLSearchParams(found.query);
  stream.set('from', String(log.offset));
  const nonce = randomBytes(16).toString('base64');
  const html = jobPageHtml({
    job,
    log: redactSecrets(log.text),
    nonce,
    ...(planText ? { planText: redactSecrets(Buffer.from(planText).toString('utf8')) } : {}),
    ...(isFinished(job.status) ? {} : { logStreamUrl: `/jobs/${job.id}/log?${stream}` }),
  });
  res.writeHead(200, pageHeaders(nonce));
  res.end(html);
}

/** Server-sent events: each new complete line of the log as `log`, then `end` once the job has ended. */
async function streamLog(req: Request, res: ServerResponse, options: JobPageOptions): Promise<void> {
  const found = authorizedJobId(req, options);
  if (!found || !(await options.jobs.getJob(found.id))) return notFound(res);
  const { id } = found;
  let offset = Math.max(0, Number(found.query.get('from')) || 0);
  let open = true;
  req.on('close', () => {
    open = false;
  });
  res.writeHead(200, { ...plainHeaders('text/event-stream'), connection: 'keep-alive' });
  // Headers go now, not with the first line: a quiet build must not look like a hung request.
  res.flushHeaders();
  const send = (event: string, data: string) => res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  while (open) {
    const finished = isFinished((await options.jobs.getJob(id))?.status ?? 'failed');
    const chunk = await readLogFrom(options.logPath(id), offset, finished);
    offset = chunk.offset;
    if (chunk.text) send('log', redactSecrets(chunk.text));
    if (finished) {
      send('end', '');
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 250));
  }
  res.end();
}

/** `GET /jobs/:id` (the page) and `GET /jobs/:id/log` (its live log), for Bolt's HTTP receiver. */
export function jobPageRoutes(options: JobPageOptions): CustomRoute[] {
  return [
    { path: '/jobs/:id', method: ['GET'], handler: guarded((req: Request, res) => servePage(req, res, options)) },
    { path: '/jobs/:id/log', method: ['GET'], handler: guarded((req: Request, res) => streamLog(req, res, options)) },
  ];
}
