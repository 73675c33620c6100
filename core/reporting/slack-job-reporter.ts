import type { Config } from '../config/schema';
import { findStack } from '../config/stack-registry';
import type { Job } from '../jobs/job';
import { offersApplyButton } from '../policy/authorize';
import type { Chat, Directory, JobEnd, JobReporter } from '../ports';
import { redactSecrets } from '../redact';
import { renderJobFinished, renderJobProgress } from '../render/slack/job-message';
import { inlinePlanTextLimit } from '../render/slack/plan-part';

/** Keeps a job's Slack message current: updated when the build starts and again when it ends. */
export class SlackJobReporter implements JobReporter {
  constructor(private readonly deps: { chat: Chat; config: Config; directory: Directory }) {}

  async jobStarted(job: Job): Promise<void> {
    if (!job.reply) return;
    await this.deps.chat.update(job.reply.channel, job.reply.ts, renderJobProgress(job));
  }

  async jobFinished(job: Job, end: JobEnd): Promise<void> {
    if (!job.reply) return;
    const applyAllowed = await this.applyAllowed(job);
    const planText = end.planText === undefined ? undefined : redactSecrets(end.planText);
    const logTail = end.logTail === undefined ? undefined : redactSecrets(end.logTail);
    const message = renderJobFinished({
      ...end,
      job,
      applyAllowed,
      ...(planText !== undefined ? { planText } : {}),
      ...(logTail !== undefined ? { logTail } : {}),
    });
    await this.deps.chat.update(job.reply.channel, job.reply.ts, message);
    if (planText && planText.length > inlinePlanTextLimit) {
      await this.deps.chat.uploadFile({
        channel: job.reply.channel,
        threadTs: job.reply.ts,
        filename: `${job.stack.replace(/\//g, '-')}-${job.id}.txt`,
        title: `${job.action} of ${job.stack} at ${job.sha.slice(0, 8)}`,
        content: planText,
      });
    }
  }

  /** Every Slack update is sent before its call returns. */
  async settled(): Promise<void> {}

  private async applyAllowed(job: Job): Promise<boolean> {
    const stack = findStack(this.deps.config, job.stack);
    if (!stack) return false;
    return offersApplyButton(job, stack, this.deps.directory);
  }
}
