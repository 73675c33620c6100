import type { Job } from '../../core/jobs/job';
import { applyLayers, upstreamAmong } from '../../core/stacks/apply-order';
import { requestApply } from '../../core/usecases/request-apply';
import { infoReply } from './replies';
import { requester, requestIn } from './start-job';
import type { CommandOutcome, TfContext } from './tf-command';

/**
 * `/tf apply <stack> <stack>…`: applies each stack's own latest plan in dependency order (`dependsOn`). Stacks
 * of the first layer start at once; each other one gets its message now and waits for its upstream applies,
 * is planned again, and is applied only if that plan makes the same changes. A stack whose upstream was
 * refused is not applied, and the reply says why.
 */
export async function startOrderedApplies(stacks: readonly string[], context: TfContext): Promise<CommandOutcome> {
  const { config } = context.deps;
  const upstream = upstreamAmong(config.stacks, stacks);
  const applies = new Map<string, Job>();
  for (const name of applyLayers(config.stacks, stacks).flat()) {
    const ups = upstream.get(name) ?? [];
    const missing = ups.filter((up) => !applies.has(up));
    if (missing.length > 0) {
      await context.reply(infoReply(`${name} is not applied: it depends on ${missing.join(', ')}, which is not.`));
      continue;
    }
    await requestIn(name, context, async (announce) => {
      const after = ups.map((up) => applies.get(up)?.id ?? '');
      const outcome = await requestApply(
        { stack: name, requester: requester(context), after },
        announce,
        context.deps.requests,
      );
      if (outcome.ok) applies.set(name, outcome.job);
      return outcome;
    });
  }
  const target = stacks.join(' ');
  if (applies.size === 0) return { outcome: 'refused', target, detail: 'no stack applied' };
  return { outcome: 'accepted', target, audited: true };
}
