import type { Config, StackConfig } from '../config/schema';
import { statusAfterCheck } from '../drift/drift-news';
import {
  type DriftState,
  type DriftStatus,
  driftPatchBetween,
  isCheckDue,
  isCheckRunning,
} from '../drift/drift-status';
import type { Job, Requester } from '../jobs/job';
import { describeOwner } from '../locks/lock';
import { lockMarginMs } from '../locks/lock-lifetime';
import type { RequestDeps } from './deps';
import { submitJob } from './submit-job';

/** Who asks for scheduled checks, in jobs, locks and the audit log. */
export const driftSchedule: Requester = { source: 'schedule', id: 'drift', name: 'drift check' };

/** How a run's start went: checks started now, stacks skipped (locked), and stacks left for later. */
export interface DriftStart {
  started: string[];
  skipped: string[];
  waiting: number;
}

/** The stacks drift checks cover: all but those with `drift: false`. */
export function driftStacks(config: Config): StackConfig[] {
  return config.drift === undefined ? [] : config.stacks.filter((stack) => stack.drift !== false);
}

function byStack(statuses: readonly DriftStatus[]): Map<string, DriftStatus> {
  return new Map(statuses.map((status) => [status.stack, status]));
}

/**
 * A check that ended before it started: its stack was busy, or its commit could not be found. Writes only what
 * that changes (with `ifJobId`, only while that check is still the stack's).
 */
async function endBeforeStart(
  previous: DriftStatus,
  state: DriftState,
  deps: RequestDeps,
  ifJobId?: string,
): Promise<void> {
  const at = deps.clock.now().toISOString();
  const { jobId: _lastJob, ...rest } = previous;
  const next = statusAfterCheck({ ...rest, requestedAt: at }, state, { kind: 'none' }, at, undefined);
  await deps.store.updateDriftStatus(previous.stack, driftPatchBetween(previous, next), ifJobId);
}

/**
 * Starts one drift check: a plan of the default branch's head, recorded as a job of kind `drift`. A stack whose
 * lock someone holds is skipped (its status says who holds it) and tried again at the next run.
 * @returns `started`, `skipped` (busy), or `failed` (the check could not start; its status says why).
 */
export async function startDriftCheck(
  stack: StackConfig,
  requester: Requester,
  deps: RequestDeps,
): Promise<'started' | 'skipped' | 'failed'> {
  const previous = (await deps.store.getDriftStatus(stack.name)) ?? { stack: stack.name };
  const lock = await deps.store.getLock(stack.name, deps.clock.now());
  if (lock) {
    const reason = `locked by ${describeOwner(lock.owner)} (${lock.heldBy})`;
    await endBeforeStart(previous, { kind: 'skipped', reason }, deps);
    return 'skipped';
  }
  const ref = deps.config.defaultBranch;
  const lookup = await deps.commits.resolve(ref);
  if (lookup.status !== 'found') {
    const reason =
      lookup.status === 'missing'
        ? `the default branch ${ref} was not found`
        : `the repository could not be reached: ${lookup.why}`;
    await endBeforeStart(previous, { kind: 'failed', reason }, deps);
    return 'failed';
  }
  const { sha } = lookup;
  let submitted: Job | undefined;
  // The status names the check's job before the job reaches the dispatcher, so that its end always finds it.
  const recordRequest = async (job: Job) => {
    submitted = job;
    await deps.store.updateDriftStatus(stack.name, { requestedAt: job.createdAt, jobId: job.id });
    return undefined;
  };
  const outcome = await submitJob({ action: 'plan', kind: 'drift', stack, sha, ref, requester }, recordRequest, deps);
  if (outcome.ok) return 'started';
  const reason = outcome.reason === 'dispatch_failed' ? outcome.why : outcome.reason;
  const current = (await deps.store.getDriftStatus(stack.name)) ?? previous;
  if (submitted === undefined) await endBeforeStart(current, { kind: 'failed', reason }, deps);
  else if (current.jobId === submitted.id)
    await endBeforeStart(current, { kind: 'failed', reason }, deps, submitted.id);
  return 'failed';
}

/**
 * Starts the checks a run still waits for, oldest first, while fewer than `drift.concurrency` run; the rest
 * wait for the end of a running check (which calls this again) or the next invocation. Stacks found locked
 * take no place: they are skipped at once.
 */
export async function startDueDriftChecks(requester: Requester, deps: RequestDeps): Promise<DriftStart> {
  const drift = deps.config.drift;
  const result: DriftStart = { started: [], skipped: [], waiting: 0 };
  if (!drift) return result;
  const now = deps.clock.now();
  const staleMs = deps.config.jobs.timeout + lockMarginMs;
  const statuses = byStack(await deps.store.listDriftStatuses());
  const stacks = driftStacks(deps.config);
  const running = stacks.filter((stack) => isCheckRunning(statuses.get(stack.name), now, staleMs)).length;
  const due = stacks
    .filter((stack) => isCheckDue(statuses.get(stack.name)))
    .sort((a, b) => (statuses.get(a.name)?.dueAt ?? '').localeCompare(statuses.get(b.name)?.dueAt ?? ''));
  let free = drift.concurrency - running;
  for (const [index, stack] of due.entries()) {
    if (free <= 0) {
      result.waiting = due.length - index;
      break;
    }
    const started = await startDriftCheck(stack, requester, deps);
    if (started === 'started') {
      result.started.push(stack.name);
      free -= 1;
    } else if (started === 'skipped') {
      result.skipped.push(stack.name);
    }
  }
  return result;
}

/** How many status writes go out at once when a run marks its stacks. */
const markBatch = 25;

/**
 * Marks `stacks` as due for checks at `at`, then starts as many as `drift.concurrency` allows. A scheduled time
 * is run once, however many processes or restarts see it (the run is claimed in the store).
 */
export async function startDriftRun(
  at: Date,
  stacks: readonly StackConfig[],
  requester: Requester,
  deps: RequestDeps,
): Promise<DriftStart | undefined> {
  if (!deps.config.drift) return undefined;
  const iso = at.toISOString();
  const runKey = `drift-run:${requester.source}:${iso}`;
  if (!(await deps.store.claimOnce(runKey, 7 * 86_400_000, deps.clock.now()))) return undefined;
  const statuses = byStack(await deps.store.listDriftStatuses());
  const marks = stacks
    .map((stack) => statuses.get(stack.name) ?? { stack: stack.name })
    .filter((status) => (status.dueAt ?? '') < iso);
  for (let index = 0; index < marks.length; index += markBatch) {
    const batch = marks.slice(index, index + markBatch);
    await Promise.all(batch.map((status) => deps.store.updateDriftStatus(status.stack, { dueAt: iso })));
  }
  return startDueDriftChecks(requester, deps);
}
