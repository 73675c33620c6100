import type { Job } from '../jobs/job';
import type { JobEnd } from '../ports';
import { redactSecrets } from '../redact';
import { GITHUB_COMMENT_LIMIT, renderPlanComment } from '../render/markdown/plan-comment';
import { fitComment, stackMarker } from './markers';

/** Room left for the commit marker the adapter adds. */
const markerRoom = 120;

/** The hidden marker of an apply's result, so it is never taken for the stack's plan comment. */
export function applyMarker(stack: string): string {
  return `<!-- infrabot:apply=${stack} -->`;
}

/**
 * The PR comment for a finished job: the plan comment (or the apply's, under its own marker) when there is
 * a summary, else what went wrong with the tail of the log. Secrets are masked before rendering.
 */
export function renderJobComment(job: Job, end: JobEnd): string {
  const body =
    job.status === 'succeeded' && job.summary
      ? renderPlanComment(
          job.summary,
          {
            stack: job.stack,
            sha: job.sha,
            jobId: job.id,
            action: job.action,
            ...(end.planText !== undefined ? { planText: redactSecrets(end.planText) } : {}),
            ...(job.build?.logUrl ? { logUrl: job.build.logUrl } : {}),
          },
          GITHUB_COMMENT_LIMIT - markerRoom,
        )
      : renderUnfinished(job, end.logTail);
  return job.action === 'apply' ? body.replace(stackMarker(job.stack), applyMarker(job.stack)) : body;
}

function renderUnfinished(job: Job, logTail: string | undefined): string {
  const verdict =
    job.status === 'succeeded'
      ? `✅ ${job.action} succeeded`
      : `${job.status === 'cancelled' ? '⚪' : '❌'} ${job.action} ${job.status}`;
  const lines = [
    stackMarker(job.stack),
    `### ${verdict}: \`${job.stack}\` at \`${job.sha.slice(0, 7)}\``,
    '',
    ...(job.reason ? [`**Why:** ${redactSecrets(job.reason)}`, ''] : []),
    ...(job.build?.logUrl ? [`[Full log](${job.build.logUrl}) · job \`${job.id}\``, ''] : [`job \`${job.id}\``, '']),
    ...(logTail
      ? [
          '<details><summary>Last lines of the log</summary>',
          '',
          '````text',
          redactSecrets(logTail).replace(/````/g, '` ` ` `'),
          '````',
          '',
          '</details>',
        ]
      : []),
  ];
  return fitComment(lines.join('\n')).slice(0, GITHUB_COMMENT_LIMIT - markerRoom);
}
