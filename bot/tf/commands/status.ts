import type { Job } from '../../../core/jobs/job';
import { escapeMrkdwn, link, section, truncate } from '../../../core/render/slack/block-kit';
import { lineSections } from '../../../core/render/slack/listing';
import { findStack } from '../../../core/usecases/find-stack';
import { infoReply, refusalReply } from '../replies';
import type { TfCommand, TfContext } from '../tf-command';

/** A job's reason is cut here in listings; `/tf status <job-id>` shows it whole. */
const reasonMax = 300;

/** Running jobs shown by `/tf status`; more are counted. */
const activeMax = 20;

function jobLine(job: Job): string {
  const log = link(job.build?.logUrl, 'log');
  const why = job.reason ? ` · ${escapeMrkdwn(truncate(job.reason, reasonMax))}` : '';
  return `• \`${job.id}\` ${job.action} \`${escapeMrkdwn(job.stack)}\` at \`${job.sha.slice(0, 8)}\` · *${job.status}* · ${job.createdAt}${why}${log ? ` · ${log}` : ''}`;
}

async function statusOfJob(jobId: string, context: TfContext) {
  const job = await context.deps.store.getJob(jobId);
  if (!job) {
    await context.reply(refusalReply({ reason: 'unknown_job', jobId }));
    return { outcome: 'refused', target: jobId, detail: 'unknown_job' } as const;
  }
  await context.reply(infoReply(jobLine(job)));
  return { outcome: 'succeeded', target: job.stack } as const;
}

async function statusOfStack(name: string, context: TfContext) {
  const found = findStack(context.deps.config, name);
  if (!found.ok) {
    await context.reply(refusalReply(found));
    return { outcome: 'refused', target: name, detail: found.reason } as const;
  }
  const jobs = await context.deps.store.listJobs({ stack: name, limit: 5 });
  const lock = await context.deps.store.getLock(name, context.deps.clock.now());
  const lockLine = lock ? `:lock: locked by ${escapeMrkdwn(lock.heldBy)}` : 'unlocked';
  const body = jobs.length === 0 ? 'No jobs yet.' : jobs.map(jobLine).join('\n');
  await context.reply(infoReply(`*\`${escapeMrkdwn(name)}\`* · ${lockLine}\n${body}`));
  return { outcome: 'succeeded', target: name } as const;
}

export const statusCommand: TfCommand = {
  usage: '/tf status [stack|job-id]',
  instant: true,
  summary: 'show running jobs, or the recent jobs of a stack, or one job',
  async run(args, context) {
    const [what] = args;
    if (what?.startsWith('j-')) return statusOfJob(what, context);
    if (what) return statusOfStack(what, context);
    const active = await context.deps.store.listJobs({
      status: ['waiting', 'queued', 'running'],
      limit: activeMax + 1,
    });
    const recent = await context.deps.store.listJobs({ status: ['succeeded', 'failed', 'cancelled'], limit: 5 });
    const more = active.length > activeMax ? [section('…and more: `/tf locks` shows every stack in use.')] : [];
    const blocks = [
      section(active.length === 0 ? 'Nothing is running.' : '*Running*'),
      ...lineSections(active.slice(0, activeMax).map(jobLine)).blocks,
      ...more,
      ...(recent.length === 0 ? [] : [section('*Recent*'), ...lineSections(recent.map(jobLine)).blocks]),
    ];
    const text = active.length === 0 ? 'Nothing is running.' : `${Math.min(active.length, activeMax)} running`;
    await context.reply({ text, blocks });
    return { outcome: 'succeeded', target: '*' };
  },
};
