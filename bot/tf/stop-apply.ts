import { mayStopApply } from '../../core/policy/authorize';
import { escapeMrkdwn } from '../../core/render/slack/block-kit';
import { formatDuration } from '../../core/time/duration';
import { infoReply, refusalReply } from './replies';
import type { CommandOutcome, TfContext } from './tf-command';

/**
 * An admin's confirmed "Stop apply": the runner interrupts terraform the way it expects (locally SIGINT to
 * terraform alone, then the grace period; CodeBuild's StopBuild), and the job's message reports its end.
 */
export async function stopApply(jobId: string, context: TfContext): Promise<CommandOutcome> {
  const { store, runner, config, directory } = context.deps;
  const job = await store.getJob(jobId);
  if (!job) {
    await context.reply(refusalReply({ reason: 'unknown_job', jobId }));
    return { outcome: 'refused', target: jobId, detail: 'unknown_job' };
  }
  const decision = await mayStopApply(job, context.userId, config, directory);
  if (!decision.allowed) {
    await context.reply(refusalReply({ reason: 'not_authorized', why: decision.why }));
    return { outcome: 'refused', target: job.stack, detail: decision.why };
  }
  if (job.status !== 'running' || job.build === undefined) {
    await context.reply(refusalReply({ reason: 'job_finished', job }));
    return { outcome: 'refused', target: job.stack, detail: `job ${job.id} is ${job.status}` };
  }
  await runner.cancel(job.build.id);
  const grace = formatDuration(config.jobs.stopGracePeriod);
  await context.reply(
    infoReply(
      `Stopping the apply \`${job.id}\` of \`${escapeMrkdwn(job.stack)}\`: terraform is interrupted and has up to ` +
        `${grace} to save its state. Its message will say when it has stopped, and whether the state needs attention.`,
    ),
  );
  return { outcome: 'accepted', target: job.stack, detail: `stopping apply ${job.id}` };
}
