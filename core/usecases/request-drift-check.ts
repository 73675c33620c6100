import type { StackConfig } from '../config/schema';
import { isCheckRunning } from '../drift/drift-status';
import type { Requester } from '../jobs/job';
import { lockMarginMs } from '../locks/lock-lifetime';
import { mayApplyFromSlack, mayPlanFromSlack } from '../policy/authorize';
import type { RequestDeps } from './deps';
import { findStack } from './find-stack';
import { type Outcome, refuse } from './refusal';
import { type DriftStart, driftStacks, startDriftCheck, startDriftRun } from './start-drift-checks';

/** The stacks of `stacks` the requester may plan (a drift check is a plan): all of them for the schedule. */
async function plannable(stacks: readonly StackConfig[], requester: Requester, deps: RequestDeps) {
  if (requester.source !== 'slack') return [...stacks];
  const allowed: StackConfig[] = [];
  for (const stack of stacks) {
    if ((await mayPlanFromSlack(stack, requester.id, deps.directory)).allowed) allowed.push(stack);
  }
  return allowed;
}

/** A Slack user who may not plan the stack is refused (a drift check is a plan); the schedule may. */
async function plannerRefusal(stack: StackConfig, requester: Requester, deps: RequestDeps) {
  if (requester.source !== 'slack') return undefined;
  const decision = await mayPlanFromSlack(stack, requester.id, deps.directory);
  return decision.allowed ? undefined : refuse({ reason: 'not_authorized', why: decision.why });
}

/** `/tf drift check all`: a run of every stack the requester may plan, at most `drift.concurrency` at once. */
async function checkAll(requester: Requester, deps: RequestDeps): Promise<Outcome<{ start: DriftStart }>> {
  const stacks = await plannable(driftStacks(deps.config), requester, deps);
  if (stacks.length === 0)
    return refuse({ reason: 'not_authorized', why: 'you may plan none of the stacks drift checks cover' });
  const start = await startDriftRun(deps.clock.now(), stacks, requester, deps);
  return { ok: true, start: start ?? { started: [], skipped: [], waiting: 0 } };
}

/**
 * `/tf drift check <stack|all>` and the Plan again button: checks drift now. One stack is checked at once (its
 * planners only), unless a check of it is under way; `all` starts a run like the schedule's.
 */
export async function requestDriftCheck(
  target: string,
  requester: Requester,
  deps: RequestDeps,
): Promise<Outcome<{ start: DriftStart }>> {
  if (!deps.config.drift) return refuse({ reason: 'drift_off' });
  if (target === 'all') return checkAll(requester, deps);
  const found = findStack(deps.config, target);
  if (!found.ok) return found;
  if (found.stack.drift === false) return refuse({ reason: 'drift_excluded', stack: found.stack.name });
  const refused = await plannerRefusal(found.stack, requester, deps);
  if (refused) return refused;
  const status = await deps.store.getDriftStatus(found.stack.name);
  if (isCheckRunning(status, deps.clock.now(), deps.config.jobs.timeout + lockMarginMs)) {
    return { ok: true, start: { started: [], skipped: [], waiting: 0 } };
  }
  const started = await startDriftCheck(found.stack, requester, deps);
  const name = found.stack.name;
  return {
    ok: true,
    start: { started: started === 'started' ? [name] : [], skipped: started === 'skipped' ? [name] : [], waiting: 0 },
  };
}

/** How long Snooze silences a drift. */
export const snoozeMs = 7 * 86_400_000;

/**
 * Snooze: silences the stack's drift with this fingerprint for 7 days (a different drift speaks at once). Only
 * the stack's appliers may (the people who could fix it; a planner silencing a change made outside Terraform would
 * hide it from those), and only while that drift is still the stack's.
 */
export async function snoozeDrift(
  stackName: string,
  fingerprint: string,
  requester: Requester,
  deps: RequestDeps,
): Promise<Outcome<{ until: string }>> {
  const found = findStack(deps.config, stackName);
  if (!found.ok) return found;
  if (requester.source === 'slack') {
    const decision = await mayApplyFromSlack(found.stack, requester.id, deps.directory);
    if (!decision.allowed) return refuse({ reason: 'not_authorized', why: decision.why });
  }
  const status = await deps.store.getDriftStatus(found.stack.name);
  if (status?.state?.kind !== 'drifted' || status.state.fingerprint !== fingerprint) {
    return refuse({ reason: 'drift_changed', stack: found.stack.name });
  }
  const until = new Date(deps.clock.now().getTime() + snoozeMs).toISOString();
  // Only the snooze is written: a check ending at the same moment keeps what it found.
  await deps.store.updateDriftStatus(found.stack.name, { snoozed: { fingerprint, until } });
  return { ok: true, until };
}

/**
 * Apply to fix: the plan to apply is the latest drift check's of the stack (a check that saw the same drift
 * again replaced the one announced), and only while it still finds the drift the message showed.
 */
export async function driftPlanToApply(
  stackName: string,
  fingerprint: string,
  deps: RequestDeps,
): Promise<Outcome<{ planJobId: string }>> {
  const found = findStack(deps.config, stackName);
  if (!found.ok) return found;
  const status = await deps.store.getDriftStatus(found.stack.name);
  if (status?.state?.kind !== 'drifted' || status.state.fingerprint !== fingerprint || status.jobId === undefined) {
    return refuse({ reason: 'drift_changed', stack: found.stack.name });
  }
  return { ok: true, planJobId: status.jobId };
}
