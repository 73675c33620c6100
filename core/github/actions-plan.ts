import { isFinished, type Job, type Requester } from '../jobs/job';
import type { ChangeCounts } from '../plan/summary';
import type { GitHubDeps } from './deps';
import { planPrStacks, resolvePrStacks } from './pr-plans';
import type { StackResult } from './pr-reply';

/** A plan request from a GitHub Actions workflow, after its OIDC token was verified. */
export interface ActionsPlanInput {
  pr: number;
  sha: string;
  /** The stacks to plan; every stack the PR affects when absent or empty. */
  stacks?: readonly string[];
  /** The workflow that asked (`job_workflow_ref` of its token). */
  workflow: string;
  /** The GitHub login that started the workflow run (`actor` of its token), recorded with the job. */
  actor?: string;
}

/** The jobs queued (and stacks refused), or why nothing could be planned. */
export type ActionsPlanOutcome =
  | { ok: true; results: StackResult[] }
  | { ok: false; reason: 'pr_not_found' | 'pr_closed' | 'fork_pr' | 'not_head'; message: string };

/** Who asks for an Actions request, as jobs and the audit log name them: the workflow, and who started its run. */
export function actionsRequester(workflow: string, actor: string | undefined): Requester {
  return { source: 'actions', id: workflow, ...(actor !== undefined ? { triggeredBy: actor } : {}) };
}

/**
 * Plans stacks of a PR for a workflow: the PR must be open, of this repository, and `sha` its head (a run for an
 * older push is told so rather than planning a commit nobody will merge). A fork's PR is never planned this way:
 * a workflow run can be started by the fork's own push (`pull_request_target`, or a `refs/pull/*` ref allowed for a
 * token not bound to the PR), so no writer would have asked for its code to run with the stack's plan role.
 */
export async function requestActionsPlan(input: ActionsPlanInput, deps: GitHubDeps): Promise<ActionsPlanOutcome> {
  const pr = await deps.pullRequests.getPullRequest(input.pr);
  if (!pr)
    return { ok: false, reason: 'pr_not_found', message: `PR #${input.pr} was not found in ${deps.config.repository}` };
  if (pr.state !== 'open') return { ok: false, reason: 'pr_closed', message: `PR #${input.pr} is closed` };
  if (pr.fromFork) return { ok: false, reason: 'fork_pr', message: forkRefusal(input.pr) };
  if (pr.headSha !== input.sha) {
    return {
      ok: false,
      reason: 'not_head',
      message: `${input.sha.slice(0, 7)} is not the head of PR #${input.pr} (the head is ${pr.headSha.slice(0, 7)})`,
    };
  }
  const resolved = await resolvePrStacks(input.stacks ?? [], pr.number, deps);
  const requester = actionsRequester(input.workflow, input.actor);
  const results = await planPrStacks({ pr: pr.number, sha: pr.headSha, stacks: resolved.stacks, requester }, deps);
  return { ok: true, results: [...resolved.unknown, ...results] };
}

function forkRefusal(pr: number): string {
  return (
    `PR #${pr} comes from a fork: a workflow run never plans a fork's code, since its plan runs that code with the ` +
    `stack's plan role and no writer asked. After reviewing the changes, someone with write permission can comment ` +
    '`/tf plan` on the PR.'
  );
}

/** What a workflow sees of a job while it waits. No plan values: counts and addresses' kinds only. */
export interface JobView {
  id: string;
  action: Job['action'];
  stack: string;
  sha: string;
  pr?: number;
  status: Job['status'];
  finished: boolean;
  logUrl?: string;
  reason?: string;
  summary?: { counts: ChangeCounts; hasChanges: boolean; errored: boolean };
}

/** A job as the Actions endpoint shows it. */
export function jobView(job: Job): JobView {
  return {
    id: job.id,
    action: job.action,
    stack: job.stack,
    sha: job.sha,
    ...(job.pr !== undefined ? { pr: job.pr } : {}),
    status: job.status,
    finished: isFinished(job.status),
    ...(job.build?.logUrl ? { logUrl: job.build.logUrl } : {}),
    ...(job.reason ? { reason: job.reason } : {}),
    ...(job.summary
      ? {
          summary: {
            counts: job.summary.counts,
            hasChanges: job.summary.hasChanges,
            errored: job.summary.errored ?? false,
          },
        }
      : {}),
  };
}
