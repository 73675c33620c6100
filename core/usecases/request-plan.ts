import type { Job, Requester } from '../jobs/job';
import type { RequestDeps } from './deps';
import { findStack } from './find-stack';
import type { Outcome } from './refusal';
import { resolveRef } from './resolve-ref';
import { type Announce, checkLockFree, submitJob } from './submit-job';

export interface PlanRequest {
  stack: string;
  /** Branch, tag or commit; the default branch when absent. */
  ref?: string;
  pr?: number;
  requester: Requester;
}

/** Validates a plan request, resolves its commit, and queues the job. */
export async function requestPlan(
  request: PlanRequest,
  announce: Announce,
  deps: RequestDeps,
): Promise<Outcome<{ job: Job }>> {
  const found = findStack(deps.config, request.stack);
  if (!found.ok) return found;
  const ref = request.ref ?? deps.config.defaultBranch;
  const resolved = await resolveRef(ref, deps.commits);
  if (!resolved.ok) return resolved;
  const free = await checkLockFree(found.stack.name, request.pr, deps);
  if (!free.ok) return free;
  return submitJob(
    {
      action: 'plan',
      stack: found.stack,
      sha: resolved.sha,
      ref,
      requester: request.requester,
      ...(request.pr !== undefined ? { pr: request.pr } : {}),
    },
    announce,
    deps,
  );
}
