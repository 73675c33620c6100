import type { ServedBot } from './serve-slack';

/** A finished apply's job message of the demo stack, succeeded or failed. */
const applyEnded = /Apply\* of `local\/demo`[^"]*· (succeeded|failed)/;

/**
 * A member plans `local/demo` (at `ref` when given) from Slack; resolves with the plan's job message once it
 * succeeded, as reviewers read it, and its job id.
 */
export async function planDemo(served: ServedBot, ref?: string): Promise<{ reviewed: string; planJobId: string }> {
  await served.command(ref === undefined ? 'plan local/demo' : `plan local/demo ${ref}`, 'UALICE');
  await served.slack.waitFor(() => served.updates().some((update) => update.includes('succeeded')), 180_000);
  const reviewed = served.updates().find((update) => update.includes('succeeded')) ?? '';
  return { reviewed, planJobId: /job `(j-[a-z0-9-]+)`/.exec(reviewed)?.[1] ?? '' };
}

/** An applier applies the plan `planJobId` of `local/demo`; resolves with the apply's job message once it ended. */
export async function applyDemo(served: ServedBot, planJobId: string): Promise<string> {
  await served.command(`apply local/demo ${planJobId}`, 'UAPPLIER');
  await served.slack.waitFor(() => served.updates().some((update) => applyEnded.test(update)), 180_000);
  return served.updates().find((update) => applyEnded.test(update)) ?? '';
}
