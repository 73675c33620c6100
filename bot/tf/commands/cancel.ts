import { isFinished, type Job } from '../../../core/jobs/job';
import { mayCancel, mayStopApply } from '../../../core/policy/authorize';
import type { Block } from '../../../core/render/slack/block-kit';
import { stopApplyButton } from '../../../core/render/slack/job-message';
import { infoReply, refusalReply } from '../replies';
import type { TfContext } from '../tf-command';
import { type CommandOutcome, type TfCommand, UsageError } from '../tf-command';

/** A job with no build yet is cancelled on the spot; a running build is stopped and reports its own end. */
async function cancelJob(jobId: string, context: TfContext): Promise<CommandOutcome> {
  const { store, clock, runner, reporter } = context.deps;
  const job = await store.getJob(jobId);
  if (!job) return { outcome: 'refused', target: jobId, detail: 'unknown_job' };
  if (job.build && job.status === 'running' && job.action === 'apply') return refuseRunningApply(job, context);
  if (job.build && job.status === 'running') {
    await runner.cancel(job.build.id);
    await context.reply(infoReply(`Stopping job \`${job.id}\`; its message will say when it has stopped.`));
    return { outcome: 'accepted', target: job.stack, detail: `stopping build ${job.build.id}` };
  }
  const now = clock.now();
  const cancelled = await store.transitionJob(job.id, 'cancelled', {
    finishedAt: now.toISOString(),
    reason: `cancelled by <@${context.userId}> before its build started`,
  });
  if (!cancelled) return { outcome: 'refused', target: job.stack, detail: 'job_finished' };
  await store.releaseJobLock(job.stack, job.id, now);
  await reporter.jobFinished(cancelled, { job: cancelled });
  await context.reply(infoReply(`Job \`${job.id}\` is cancelled.`));
  return { outcome: 'succeeded', target: job.stack, detail: `cancelled ${job.id}` };
}

/** A running apply is not cancelled: the reply says why, and offers an admin the confirmed Stop apply button. */
async function refuseRunningApply(job: Job, context: TfContext): Promise<CommandOutcome> {
  const { config, directory } = context.deps;
  const admin = (await mayStopApply(job, context.userId, config, directory)).allowed;
  const buttons: Block[] = admin ? [{ type: 'actions', elements: [stopApplyButton(job)] }] : [];
  await context.reply(refusalReply({ reason: 'apply_running', job }, buttons));
  return { outcome: 'refused', target: job.stack, detail: 'apply_running' };
}

export const cancelCommand: TfCommand = {
  usage: '/tf cancel <job-id>',
  summary: 'stop a queued or running job (whoever started it, or an admin)',
  async run(args, context) {
    const [jobId, ...extra] = args;
    if (!jobId || extra.length > 0) throw new UsageError('name exactly one job id, e.g. /tf cancel j-lx2k3-r1');
    const { store, config, directory } = context.deps;
    const job = await store.getJob(jobId);
    if (!job) {
      await context.reply(refusalReply({ reason: 'unknown_job', jobId }));
      return { outcome: 'refused', target: jobId, detail: 'unknown_job' };
    }
    if (isFinished(job.status)) {
      await context.reply(refusalReply({ reason: 'job_finished', job }));
      return { outcome: 'refused', target: job.stack, detail: 'job_finished' };
    }
    const decision = await mayCancel(job, context.userId, config, directory);
    if (!decision.allowed) {
      await context.reply(refusalReply({ reason: 'not_authorized', why: decision.why }));
      return { outcome: 'refused', target: job.stack, detail: decision.why };
    }
    return cancelJob(jobId, context);
  },
};
