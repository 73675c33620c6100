import { nextRuns } from '../../../core/drift/cron-schedule';
import { type DriftStatus, isCheckRunning } from '../../../core/drift/drift-status';
import { lockMarginMs } from '../../../core/locks/lock-lifetime';
import { renderDriftListing } from '../../../core/render/slack/drift-listing';
import { requestDriftCheck } from '../../../core/usecases/request-drift-check';
import type { DriftStart } from '../../../core/usecases/start-drift-checks';
import { driftStacks } from '../../../core/usecases/start-drift-checks';
import { infoReply, refusalReply } from '../replies';
import { type CommandOutcome, type TfCommand, type TfContext, UsageError } from '../tf-command';

function checkTarget(args: readonly string[]): string {
  const [verb, target, ...extra] = args;
  if (verb !== 'check') throw new UsageError(`unknown drift command "${verb}"`);
  if (!target) throw new UsageError('name the stack to check, or all');
  if (extra.length > 0) throw new UsageError(`unexpected "${extra.join(' ')}"`);
  return target;
}

/** `/tf drift`: every stack's drift and the next scheduled run. */
async function listDrift(context: TfContext): Promise<CommandOutcome> {
  const { config, store, clock } = context.deps;
  if (!config.drift) {
    await context.reply(refusalReply({ reason: 'drift_off' }));
    return { outcome: 'refused', target: '*', detail: 'drift_off' };
  }
  const now = clock.now();
  const statuses = new Map<string, DriftStatus>((await store.listDriftStatuses()).map((s) => [s.stack, s]));
  const stacks = driftStacks(config).map((stack) => stack.name);
  const staleMs = config.jobs.timeout + lockMarginMs;
  const running = new Set(stacks.filter((stack) => isCheckRunning(statuses.get(stack), now, staleMs)));
  const [nextRun] = config.drift.schedule ? nextRuns(config.drift.schedule, 1, now) : [];
  await context.reply(renderDriftListing({ stacks, statuses, running, now, ...(nextRun ? { nextRun } : {}) }));
  return { outcome: 'succeeded', target: '*' };
}

/** The reply to a check: what started, what was skipped (and why it says so in /tf drift), what waits. */
function startedText(target: string, start: DriftStart, channel: string): string {
  const parts: string[] = [];
  if (start.started.length > 0)
    parts.push(`checking ${start.started.length === 1 ? `\`${start.started[0]}\`` : `${start.started.length} stacks`}`);
  if (start.skipped.length > 0)
    parts.push(
      `skipped ${start.skipped.length} locked (${start.skipped
        .map((s) => `\`${s}\``)
        .slice(0, 5)
        .join(', ')})`,
    );
  if (start.waiting > 0) parts.push(`${start.waiting} waiting their turn`);
  if (parts.length === 0) return `A drift check of \`${target}\` is already under way.`;
  return `Drift: ${parts.join(' · ')}. News goes to <#${channel}>; \`/tf drift\` shows each stack.`;
}

/** `/tf drift check <stack|all>` and the Plan again button. */
export async function startDriftCheckFromSlack(target: string, context: TfContext): Promise<CommandOutcome> {
  const outcome = await requestDriftCheck(target, { source: 'slack', id: context.userId }, context.deps.requests);
  if (!outcome.ok) {
    await context.reply(refusalReply(outcome));
    return { outcome: 'refused', target, detail: outcome.reason };
  }
  await context.reply(infoReply(startedText(target, outcome.start, context.deps.config.drift?.channel ?? '')));
  return { outcome: 'accepted', target, detail: `started ${outcome.start.started.length}` };
}

export const driftCommand: TfCommand = {
  usage: '/tf drift [check <stack|all>]',
  summary: "each stack's drift and the next check, or check stacks for drift now",
  instant: (args) => args.length === 0,
  async precheck(args) {
    checkTarget(args);
    return undefined;
  },
  async run(args, context) {
    if (args.length === 0) return listDrift(context);
    return startDriftCheckFromSlack(checkTarget(args), context);
  },
};
