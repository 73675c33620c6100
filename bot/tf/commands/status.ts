import type { Job } from '../../../core/jobs/job';
import { escapeMrkdwn, link } from '../../../core/render/slack/block-kit';
import { findStack } from '../../../core/usecases/find-stack';
import { infoReply, refusalReply } from '../replies';
import type { TfCommand, TfContext } from '../tf-command';

function jobLine(job: Job): string {
  const log = link(job.build?.logUrl, 'log');
  const why = job.reason ? ` · ${escapeMrkdwn(job.reason)}` : '';
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
  summary: 'show running jobs, or the recent jobs of a stack, or one job',
  async run(args, context) {
    const [what] = args;
    if (what?.startsWith('j-')) return statusOfJob(what, context);
    if (what) return statusOfStack(what, context);
    const active = await context.deps.store.listJobs({ status: ['queued', 'running'], limit: 20 });
    const recent = await context.deps.store.listJobs({ status: ['succeeded', 'failed', 'cancelled'], limit: 5 });
    const activeText = active.length === 0 ? 'Nothing is running.' : `*Running*\n${active.map(jobLine).join('\n')}`;
    const recentText = recent.length === 0 ? '' : `\n*Recent*\n${recent.map(jobLine).join('\n')}`;
    await context.reply(infoReply(activeText + recentText));
    return { outcome: 'succeeded', target: '*' };
  },
};
