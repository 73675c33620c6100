import { isFinished } from '../../../core/jobs/job';
import { mayCancel } from '../../../core/policy/authorize';
import { stopApplyButton } from '../../../core/render/slack/stop-apply-button';
import { refusalReply } from '../replies';
import { stopJob } from '../stop-job';
import { type CommandOutcome, type TfCommand, UsageError } from '../tf-command';

/**
 * A queued job, a waiting apply or a running plan stops at once; a running apply does not: the reply says why
 * and offers admins the "Stop apply" button, which stops it the safe way.
 */
export const cancelCommand: TfCommand = {
  usage: '/tf cancel <job-id>',
  summary:
    'stop a queued job, a waiting apply or a running plan (whoever started it, or an admin); an admin may stop a running apply',
  async run(args, context): Promise<CommandOutcome> {
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
    if (job.action === 'apply' && job.status === 'running' && job.build) {
      const offer = { type: 'actions' as const, elements: [stopApplyButton(job)] };
      await context.reply(refusalReply({ reason: 'apply_running', job }, [offer]));
      return { outcome: 'refused', target: job.stack, detail: `apply_running ${job.id}` };
    }
    return stopJob(job, `cancelled by <@${context.userId}>`, context);
  },
};
