import type { Job, Requester } from '../jobs/job';
import { mayPlanFromSlack } from '../policy/authorize';
import type { RequestDeps } from './deps';
import { findStack } from './find-stack';
import { type Outcome, refuse } from './refusal';
import { type Announce, checkLockFree, submitJob } from './submit-job';

export interface PlanRequest {
  stack: string;
  /** Branch, tag or commit; the default branch when absent. */
  ref?: string;
  pr?: number;
  requester: Requester;
}

/**
 * Validates a plan request: who asks (from Slack, the stack's planners), and which code (a commit on a branch
 * or tag of the repository, never one only in a fork); then resolves its commit and queues the job.
 */
export async function requestPlan(
  request: PlanRequest,
  announce: Announce,
  deps: RequestDeps,
): Promise<Outcome<{ job: Job }>> {
  const found = findStack(deps.config, request.stack);
  if (!found.ok) return found;
  if (request.requester.source === 'slack') {
    const decision = await mayPlanFromSlack(found.stack, request.requester.id, deps.directory);
    if (!decision.allowed) return refuse({ reason: 'not_authorized', why: decision.why });
  }
  const ref = request.ref ?? deps.config.defaultBranch;
  const resolved = await deps.commits.resolve(ref);
  if (resolved.status === 'unreachable') return refuse({ reason: 'repository_unreachable', ref, why: resolved.why });
  if (resolved.status === 'missing') return refuse({ reason: 'unknown_ref', ref });
  const { sha } = resolved;
  if (!(await deps.commits.isOnBranchOrTag(sha))) {
    return refuse({ reason: 'unpublished_commit', ref, sha, repository: deps.config.repository });
  }
  const free = await checkLockFree(found.stack.name, request.pr, deps);
  if (!free.ok) return free;
  return submitJob(
    {
      action: 'plan',
      stack: found.stack,
      sha,
      ref,
      requester: request.requester,
      ...(request.pr !== undefined ? { pr: request.pr } : {}),
    },
    announce,
    deps,
  );
}
