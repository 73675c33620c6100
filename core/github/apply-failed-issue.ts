import type { Job } from '../jobs/job';
import type { Issues, JobEnd } from '../ports';
import { redactSecrets } from '../redact';

/** The label of the issues infrabot opens for applies that failed after a merge. */
export const applyFailedLabel = 'infrabot:apply-failed';

/** The title of a stack's issue, by which it is found again while it is open. */
export function applyFailedTitle(stack: string): string {
  return `Apply failed after merge: ${stack}`;
}

/** The issue's text: what failed, why, where to look, and how the stack gets out of "needs attention". */
export function renderApplyFailedIssue(job: Job & { pr: number }, end: JobEnd): string {
  const log = job.build?.logUrl ? `[Full log](${job.build.logUrl}) · ` : '';
  const tail = end.logTail
    ? [
        '',
        '<details><summary>Last lines of the log</summary>',
        '',
        '````text',
        redactSecrets(end.logTail),
        '````',
        '',
        '</details>',
      ]
    : [];
  return [
    `The apply of \`${job.stack}\` after #${job.pr} merged failed (at \`${job.sha.slice(0, 7)}\`).`,
    '',
    ...(job.reason ? [`**Why:** ${redactSecrets(job.reason)}`, ''] : []),
    `${log}job \`${job.id}\``,
    '',
    `The default branch is now ahead of what \`${job.stack}\` runs. The stack stays locked by #${job.pr} as needing ` +
      `attention: fix it (a new PR, or apply again from Slack), after \`/tf unlock ${job.stack}\` on #${job.pr} or an ` +
      "admin's unlock. This issue is closed when an apply of the stack succeeds.",
    ...tail,
  ].join('\n');
}

/** Opens the stack's issue for an apply that failed after its PR merged, unless one is open already. */
export async function openApplyFailedIssue(job: Job, end: JobEnd, issues: Issues): Promise<void> {
  if (job.action !== 'apply' || job.status !== 'failed' || !job.order?.merged || job.pr === undefined) return;
  const title = applyFailedTitle(job.stack);
  const open = await issues.listOpenIssues(applyFailedLabel);
  if (open.some((issue) => issue.title === title)) return;
  await issues.openIssue({
    title,
    body: renderApplyFailedIssue({ ...job, pr: job.pr }, end),
    labels: [applyFailedLabel],
  });
}

/** Closes the stack's open issue once an apply of it succeeded, from any door. */
export async function closeApplyFailedIssue(job: Job, issues: Issues): Promise<void> {
  if (job.action !== 'apply' || job.status !== 'succeeded') return;
  const title = applyFailedTitle(job.stack);
  const open = (await issues.listOpenIssues(applyFailedLabel)).filter((issue) => issue.title === title);
  const by = job.pr === undefined ? '' : ` for #${job.pr}`;
  for (const issue of open) {
    await issues.closeIssue(issue.number, `Applied by job \`${job.id}\`${by} at \`${job.sha.slice(0, 7)}\`: closing.`);
  }
}
