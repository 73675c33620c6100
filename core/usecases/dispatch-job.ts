import type { StackConfig } from '../config/schema';
import { findStack } from '../config/stack-registry';
import { type BuildRef, isFinished, type Job } from '../jobs/job';
import type { JobRequest } from '../jobs/job-request';
import { savedPlanProblem } from '../jobs/plan-digest';
import { describeOwner, type LockOwner } from '../locks/lock';
import { jobLockTtlMs, prLockTtlMs } from '../locks/lock-lifetime';
import type { PlanToApply, RunSpec } from '../ports';
import type { DispatchDeps } from './deps';
import { failJob } from './fail-job';
import { type Outcome, refuse } from './refusal';

function jobFromRequest(request: JobRequest, now: Date): Job {
  const { jobId, reply, ref, pr, planJobId, kind, ...rest } = request;
  return {
    id: jobId,
    action: rest.action,
    ...(kind !== undefined ? { kind } : {}),
    stack: rest.stack,
    sha: rest.sha,
    requestedBy: rest.requestedBy,
    status: 'queued',
    createdAt: now.toISOString(),
    ...(reply !== undefined ? { reply } : {}),
    ...(ref !== undefined ? { ref } : {}),
    ...(pr !== undefined ? { pr } : {}),
    ...(planJobId !== undefined ? { planJobId } : {}),
  };
}

/** A job may be (re)started while queued, or while running with no build yet (a dispatcher that crashed midway). */
function isStartable(job: Job): boolean {
  return job.status === 'queued' || (job.status === 'running' && job.build === undefined);
}

type PlanCheck = { ok: true; plan?: PlanToApply } | { ok: false; problem: string };

/**
 * Checks an apply against the plan it applies: it must exist, have succeeded, be of the same stack and commit,
 * and its saved `tfplan` must still be the file its plan left (the digest recorded when the plan ended).
 */
async function planToApply(job: Job, deps: DispatchDeps): Promise<PlanCheck> {
  if (job.action !== 'apply') return { ok: true };
  const problem = (why: string): PlanCheck => ({ ok: false, problem: why });
  if (!job.planJobId) return problem('an apply must name the plan it applies');
  const plan = await deps.store.getJob(job.planJobId);
  if (plan?.action !== 'plan' || plan.stack !== job.stack)
    return problem(`plan ${job.planJobId} of ${job.stack} not found`);
  if (plan.status !== 'succeeded') return problem(`plan ${plan.id} did not succeed`);
  if (plan.sha !== job.sha)
    return problem(`plan ${plan.id} was made at ${plan.sha.slice(0, 8)}, not ${job.sha.slice(0, 8)}`);
  const changed = savedPlanProblem(plan, await deps.artifacts.get(plan.id, 'tfplan'));
  if (changed !== undefined || plan.planDigest === undefined) return problem(changed ?? 'no digest');
  const { tfplan, changes, planText } = plan.planDigest;
  const shown = planText !== undefined ? { planTextDigest: planText } : {};
  return { ok: true, plan: { jobId: plan.id, sha: plan.sha, tfplanDigest: tfplan, changesDigest: changes, ...shown } };
}

function runSpec(job: Job, stack: StackConfig, plan: PlanToApply | undefined, deps: DispatchDeps): RunSpec {
  return {
    job,
    stack,
    terraformBinary: deps.config.terraform.binary,
    roleArn: job.action === 'apply' ? stack.roles.apply : stack.roles.plan,
    timeoutMs: deps.config.jobs.timeout,
    stopGraceMs: deps.config.jobs.stopGrace,
    ...(plan !== undefined ? { plan } : {}),
  };
}

async function failed(job: Job, why: string, deps: DispatchDeps): Promise<Outcome<{ job: Job }>> {
  await failJob(job, why, deps);
  return refuse({ reason: 'dispatch_failed', why });
}

/**
 * Starts the build for a job request: re-validates it against the config, records the job if the request
 * came directly, takes the stack's lock and starts the runner. The same request twice starts one build.
 * A build that cannot start releases the lock, marks the job failed with the reason, and reports it; a job
 * cancelled meanwhile never keeps a lock or a build.
 */
export async function dispatchJob(request: JobRequest, deps: DispatchDeps): Promise<Outcome<{ job: Job }>> {
  const now = deps.clock.now();
  await deps.store.createJob(jobFromRequest(request, now));
  const job = await deps.store.getJob(request.jobId);
  if (!job || !isStartable(job)) return refuse({ reason: 'duplicate' });
  const stack = findStack(deps.config, job.stack);
  if (!stack) return failed(job, `stack ${job.stack} is not in the configuration`, deps);
  const checked = await planToApply(job, deps);
  if (!checked.ok) return failed(job, checked.problem, deps);
  const owner: LockOwner = job.pr !== undefined ? { kind: 'pr', pr: job.pr } : { kind: 'job', jobId: job.id };
  const ttlMs = job.pr !== undefined ? prLockTtlMs : jobLockTtlMs(deps.config.jobs.timeout);
  const heldBy = job.requestedBy.name ?? job.requestedBy.id;
  const locked = await deps.store.acquireLock({ stack: stack.name, owner, jobId: job.id, heldBy, ttlMs }, now);
  if (!locked.ok) {
    const holder = locked.heldBy;
    const why = `${stack.name} is locked by ${describeOwner(holder.owner)} (${holder.heldBy})`;
    // A drift check gives way to whoever holds the stack: it is skipped, not failed, and runs again next time.
    await failJob(job, why, deps, false, job.kind === 'drift' ? 'cancelled' : 'failed');
    return refuse({ reason: 'lock_held', lock: holder });
  }
  const running =
    job.status === 'running'
      ? job
      : await deps.store.transitionJob(job.id, 'running', { startedAt: now.toISOString() });
  if (!running) return notStarted(job, deps);
  return startBuild(runSpec(running, stack, checked.plan, deps), deps);
}

/** The job moved on while the lock was being taken (a concurrent cancel): the lock taken for it goes again. */
async function notStarted(job: Job, deps: DispatchDeps): Promise<Outcome<{ job: Job }>> {
  const current = await deps.store.getJob(job.id);
  if (current && isFinished(current.status)) await deps.store.releaseJobLock(job.stack, job.id, deps.clock.now());
  return refuse({ reason: 'duplicate' });
}

/**
 * Starts the runner's build. A build that cannot start releases the lock and fails the job; a job that was
 * cancelled while its build was starting has the build stopped (its lock is gone, so it must not run); a
 * failure to report the start leaves the running build and its lock alone.
 */
async function startBuild(spec: RunSpec, deps: DispatchDeps): Promise<Outcome<{ job: Job }>> {
  const running = spec.job;
  let build: BuildRef;
  try {
    build = await deps.runner.start(spec);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return failed(running, `could not start the build: ${message}`, deps);
  }
  await deps.store.updateJob(running.id, { build });
  const current = await deps.store.getJob(running.id);
  if (current && isFinished(current.status)) {
    if (current.status === 'cancelled') await deps.runner.cancel(build.id, current.reason ?? 'the job was cancelled');
    return refuse({ reason: 'duplicate' });
  }
  const started = { ...running, build };
  await deps.reporter.jobStarted(started);
  return { ok: true, job: started };
}
