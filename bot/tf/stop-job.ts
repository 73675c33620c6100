import type { Job } from '../../core/jobs/job';
import { mayStopApply } from '../../core/policy/authorize';
import { formatDuration } from '../../core/time/duration';
import { advanceWaitingApplies } from '../../core/usecases/advance-waiting-applies';
import { infoReply, refusalReply } from './replies';
import type { CommandOutcome, TfContext } from './tf-command';

/**
 * Ends a job for `reason`. A job with no build yet (queued, or an apply waiting for its upstream stacks) is
 * cancelled on the spot, and the applies waiting for it stop; a running build is stopped by the runner
 * (Terraform interrupted first) and its message says when it has stopped, with the reason.
 */
export async function stopJob(job: Job, reason: string, context: TfContext): Promise<CommandOutcome> {
  const { store, clock, runner, reporter } = context.deps;
  if (job.build && job.status === 'running') {
    // Kept on the job, so that its end says who stopped it whichever runner reports it.
    await store.updateJob(job.id, { reason });
    await runner.cancel(job.build.id, reason);
    await context.reply(infoReply(stoppingText(job, context)));
    return { outcome: 'accepted', target: job.stack, detail: `stopping build ${job.build.id}` };
  }
  const now = clock.now();
  const cancelled = await store.transitionJob(job.id, 'cancelled', {
    finishedAt: now.toISOString(),
    reason: `${reason} before its build started`,
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

function stoppingText(job: Job, context: TfContext): string {
  if (job.action !== 'apply') return `Stopping job \`${job.id}\`; its message will say when it has stopped.`;
  const grace = formatDuration(context.deps.config.jobs.stopGrace);
  return (
    `Stopping apply \`${job.id}\`: Terraform is interrupted and has up to ${grace} to finish what it is doing and ` +
    'write its state before it is killed (a CodeBuild build is stopped outright). Its message will say when it has ' +
    'stopped, and what to check if Terraform could not end by itself.'
  );
}

/** The confirmed "Stop apply" button: an admin stops a running apply the safe way; anyone else is refused. */
export async function stopApply(jobId: string, context: TfContext): Promise<CommandOutcome> {
  const { store, config, directory } = context.deps;
  const decision = await mayStopApply(context.userId, config, directory);
  if (!decision.allowed) {
    await context.reply(refusalReply({ reason: 'not_authorized', why: decision.why }));
    return { outcome: 'refused', target: jobId, detail: decision.why };
  }
  const job = await store.getJob(jobId);
  if (!job) {
    await context.reply(refusalReply({ reason: 'unknown_job', jobId }));
    return { outcome: 'refused', target: jobId, detail: 'unknown_job' };
  }
  if (job.status !== 'queued' && job.status !== 'running') {
    await context.reply(refusalReply({ reason: 'job_finished', job }));
    return { outcome: 'refused', target: job.stack, detail: 'job_finished' };
  }
  return stopJob(job, `stopped by <@${context.userId}> (an admin)`, context);
}
