import { isFinished } from '../../../core/jobs/job';
import { mayCancel } from '../../../core/policy/authorize';
import { advanceWaitingApplies } from '../../../core/usecases/advance-waiting-applies';
import { infoReply, refusalReply } from '../replies';
import type { TfContext } from '../tf-command';
import { type CommandOutcome, type TfCommand, UsageError } from '../tf-command';

/**
 * A job with no build yet (queued, or an apply waiting for its upstream stacks) is cancelled on the spot, and
 * the applies waiting for it stop; a running build is stopped and reports its own end.
 */
async function cancelJob(jobId: string, context: TfContext): Promise<CommandOutcome> {
  const { store, clock, runner, reporter } = context.deps;
  const job = await store.getJob(jobId);
  if (!job) return { outcome: 'refused', target: jobId, detail: 'unknown_job' };
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
  // The applies waiting for it (in dependency order) stop too, each saying which upstream was cancelled.
  const { dispatcher, randomId } = context.deps.requests;
  await advanceWaitingApplies(cancelled, { store, clock, reporter, orderedApplies: { dispatcher, randomId } });
  await context.reply(infoReply(`Job \`${job.id}\` is cancelled.`));
  return { outcome: 'succeeded', target: job.stack, detail: `cancelled ${job.id}` };
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
