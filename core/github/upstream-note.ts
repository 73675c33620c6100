import type { Job } from '../jobs/job';
import type { OrderedStack } from '../stacks/apply-order';

/** What the note needs of a PR's jobs: the newest plan and apply of each stack. */
interface NewestJobs {
  byAction: { plan: readonly Job[]; apply: readonly Job[] };
}

/** Whether the stack's newest plan on the PR has changes that no successful apply has made yet. */
function hasUnappliedChanges(stack: string, jobs: NewestJobs): boolean {
  const plan = jobs.byAction.plan.find((job) => job.stack === stack);
  if (plan?.status !== 'succeeded' || !plan.summary?.hasChanges) return false;
  const apply = jobs.byAction.apply.find((job) => job.stack === stack);
  return !(apply?.status === 'succeeded' && apply.planJobId === plan.id);
}

/**
 * For a plan of a stack whose upstream stacks (`dependsOn`) have changes planned on the PR but not applied:
 * a line saying that this plan read their outputs as they are now, and what an apply does about it.
 */
export function upstreamNote(job: Job, jobs: NewestJobs, stacks: readonly OrderedStack[]): string | undefined {
  if (job.action !== 'plan' || job.status !== 'succeeded') return undefined;
  const upstream = stacks.find((stack) => stack.name === job.stack)?.dependsOn ?? [];
  const pending = upstream.filter((name) => hasUnappliedChanges(name, jobs));
  if (pending.length === 0) return undefined;
  const names = pending.map((name) => `\`${name}\``).join(', ');
  const verb = pending.length === 1 ? 'has' : 'have';
  return (
    `⏳ ${names}, which \`${job.stack}\` depends on, ${verb} planned changes not applied yet: this plan read ` +
    `${pending.length === 1 ? 'its' : 'their'} outputs as they are now. \`/tf apply\` applies ${names} first, then ` +
    `plans \`${job.stack}\` again.`
  );
}

/** The comment with the note as a quote under its title (the first `###` line), the marker staying first. */
export function withNote(body: string, note: string | undefined): string {
  if (note === undefined) return body;
  const lines = body.split('\n');
  const title = lines.findIndex((line) => line.startsWith('### '));
  lines.splice(title + 1, 0, '', `> ${note}`);
  return lines.join('\n');
}
