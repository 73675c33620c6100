import { type ApplyOrder, isFinished, type Job, newJobId } from '../jobs/job';
import { changeDifferences } from '../plan/same-changes';
import type { Clock, JobReporter, Store } from '../ports';
import { auditJob } from './audit-job';
import type { OrderedApplyDeps } from './deps';
import { settleMergedApplyLock } from './merged-apply-lock';
import { endWithoutReport, errorWithCauses, recordFailure } from './record-failure';
import { toJobRequest } from './submit-job';

/** What moving waiting applies on needs: the store, the reporter, and the dispatcher with job ids. */
export interface AdvanceDeps {
  store: Store;
  clock: Clock;
  reporter: JobReporter;
  orderedApplies: OrderedApplyDeps;
}

type WaitingApply = Job & { order: ApplyOrder };

/** How many waiting applies are read when a job ends (one request waits for at most this many). */
const waitingRead = 200;

/**
 * Moves on the applies that wait for `finished` (see `ApplyOrder`): when an upstream apply failed or was
 * stopped, each apply downstream of it is stopped, naming it, and so on down; once every upstream apply
 * succeeded, the stack is planned again; when that plan ends, the apply runs it if it makes the same changes
 * as the reviewed plan, and is stopped with the differences otherwise. Everything is read from the store,
 * so a restart continues where the last step left off. An apply after a merge settles the PR's lock on its
 * stack (see `settleMergedApplyLock`).
 */
export async function advanceWaitingApplies(finished: Job, deps: AdvanceDeps): Promise<void> {
  if (!isFinished(finished.status)) return;
  await settleMergedApplyLock(finished, deps);
  const waiting = await deps.store.listJobs({
    status: ['waiting'],
    action: 'apply',
    ...(finished.pr !== undefined ? { pr: finished.pr } : {}),
    limit: waitingRead,
  });
  for (const job of waiting) {
    if (!job.order) continue;
    const apply: WaitingApply = { ...job, order: job.order };
    if (job.order.replan === finished.id) await afterNewPlan(apply, finished, deps);
    else if (job.order.upstream.includes(finished.id)) await afterUpstream(apply, finished, deps);
  }
}

/**
 * Starts the waiting applies that wait for nothing but their new plan: those of a merge with no upstream in
 * the request. Called right after they are recorded. A new plan the dispatcher cannot take (the dispatcher Lambda
 * refused or could not be reached) fails with why, and its apply is cancelled saying so, its lock settled: they are
 * returned, for the caller to report (nothing else would, and they would wait for ever).
 */
export async function startUnblockedApplies(
  applies: readonly Job[],
  deps: Pick<AdvanceDeps, 'store' | 'clock' | 'orderedApplies'>,
): Promise<Job[]> {
  const cancelled: Job[] = [];
  for (const job of applies) {
    if (job.status === 'waiting' && job.order && job.order.upstream.length === 0 && !job.order.replan) {
      const plan = await planAgain({ ...job, order: job.order }, deps);
      try {
        await deps.orderedApplies.dispatcher.dispatch(toJobRequest(plan));
      } catch (error) {
        const why = `handing the job to the dispatcher failed: ${errorWithCauses(error)}`;
        await endUnreported(plan, 'failed', why, deps);
        const stopped = await endUnreported(
          job,
          'cancelled',
          `not applied: its new plan ${plan.id} failed: ${why}`,
          deps,
        );
        if (stopped) cancelled.push(stopped);
      }
    }
  }
  return cancelled;
}

/**
 * Ends a job that never ran, with its audit line and its merged apply's lock settled, leaving the report to the
 * caller; undefined when it had ended already.
 */
export async function endUnreported(
  job: Job,
  status: 'failed' | 'cancelled',
  reason: string,
  deps: Pick<AdvanceDeps, 'store' | 'clock'>,
): Promise<Job | undefined> {
  const ended = await endWithoutReport(job, reason, deps, true, status);
  if (ended) await settleMergedApplyLock(ended, deps);
  return ended;
}

async function afterUpstream(apply: WaitingApply, upstream: Job, deps: AdvanceDeps): Promise<void> {
  if (upstream.status !== 'succeeded') {
    const why = upstream.reason ? `: ${upstream.reason}` : '';
    const what = upstream.action === 'apply' ? `its apply ${upstream.id}` : `job ${upstream.id}`;
    await stop(
      apply,
      `not applied: ${apply.stack} depends on ${upstream.stack}, and ${what} ${upstream.status}${why}`,
      deps,
    );
    return;
  }
  for (const id of apply.order.upstream) {
    if (id === upstream.id) continue;
    const other = await deps.store.getJob(id);
    if (other?.status !== 'succeeded') return;
  }
  await handOver(await planAgain(apply, deps), deps);
}

/**
 * Records a plan of the stack again at `order.replanAt`, as the same requester, on the apply; returns it, for the
 * dispatcher.
 */
async function planAgain(
  apply: WaitingApply,
  deps: Pick<AdvanceDeps, 'store' | 'clock' | 'orderedApplies'>,
): Promise<Job> {
  const now = deps.clock.now();
  const { order } = apply;
  const plan: Job = {
    id: newJobId(now, deps.orderedApplies.randomId),
    action: 'plan',
    stack: apply.stack,
    sha: order.replanAt,
    requestedBy: apply.requestedBy,
    status: 'queued',
    createdAt: now.toISOString(),
    ...(order.replanRef !== undefined ? { ref: order.replanRef } : {}),
    ...(apply.pr !== undefined ? { pr: apply.pr } : {}),
  };
  await deps.store.createJob(plan);
  await deps.store.updateJob(apply.id, { order: { ...order, replan: plan.id } });
  const why = order.merged ? 'after the merge' : 'after the stacks it depends on were applied';
  await auditJob(deps.store, plan, now, 'accepted', `planned again ${why}, for apply ${apply.id}`);
  return plan;
}

/**
 * Hands a job to the dispatcher. One it cannot take (the dispatcher Lambda refused or could not be reached) is
 * failed with why and reported, as `submitJob` does, and what waits for it moves on: a plan made again stops its
 * apply, an apply stops the stacks below it. The rest of the layer is still handed over.
 */
async function handOver(job: Job, deps: AdvanceDeps): Promise<void> {
  try {
    await deps.orderedApplies.dispatcher.dispatch(toJobRequest(job));
  } catch (error) {
    const failed = await recordFailure(
      job,
      `handing the job to the dispatcher failed: ${errorWithCauses(error)}`,
      deps,
    );
    if (failed) await advanceWaitingApplies(failed, deps);
  }
}

async function afterNewPlan(apply: WaitingApply, plan: Job, deps: AdvanceDeps): Promise<void> {
  const again = apply.order.merged
    ? `the merge commit's plan ${plan.id}`
    : `planning ${apply.stack} again (${plan.id})`;
  if (plan.status !== 'succeeded' || !plan.summary) {
    await stop(apply, `not applied: ${again} ${plan.status}${plan.reason ? `: ${plan.reason}` : ''}`, deps);
    return;
  }
  const reviewed = apply.planJobId ? await deps.store.getJob(apply.planJobId) : undefined;
  const differences = reviewed?.summary
    ? changeDifferences(reviewed.summary, plan.summary)
    : ['the reviewed plan is gone'];
  if (differences.length > 0) {
    // After a merge the PR is closed: the way on is a plan of the default branch, applied from Slack.
    const next = apply.order.merged
      ? `Review the new plan; to apply it, plan ${apply.order.replanRef ?? 'the default branch'} in Slack (/tf plan ${apply.stack}) and apply that plan.`
      : 'Review the new plan, then apply again.';
    const reason = `not applied: ${again} differs from the reviewed plan ${apply.planJobId}: ${differences.join('; ')}. ${next}`;
    await stop(apply, reason, deps);
    return;
  }
  const queued = await deps.store.transitionJob(apply.id, 'queued', { sha: plan.sha, planJobId: plan.id });
  if (!queued) return;
  await auditJob(
    deps.store,
    queued,
    deps.clock.now(),
    'accepted',
    `applies ${plan.id}, the same changes as the reviewed plan`,
  );
  await handOver(queued, deps);
}

/** Stops a waiting apply with the reason, reports it, and stops what waits for it in turn. */
async function stop(apply: WaitingApply, reason: string, deps: AdvanceDeps): Promise<void> {
  const now = deps.clock.now();
  const stopped = await deps.store.transitionJob(apply.id, 'cancelled', { reason, finishedAt: now.toISOString() });
  if (!stopped) return;
  await auditJob(deps.store, stopped, now, 'cancelled', reason);
  await deps.reporter.jobFinished(stopped, { job: stopped });
  await advanceWaitingApplies(stopped, deps);
}
