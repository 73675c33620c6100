import type { DriftStatus } from '../../drift/drift-status';
import { isCheckDue, isSnoozed } from '../../drift/drift-status';
import type { ChatMessage } from '../../ports';
import { formatDuration } from '../../time/duration';
import { escapeMrkdwn } from './block-kit';
import { listingMessage } from './listing';

/** One stack's drift in a word or three: what `/tf drift` shows. */
export type DriftLabel =
  | 'not checked'
  | 'checking'
  | 'waiting'
  | 'in sync'
  | 'drifted'
  | 'failed'
  | 'skipped'
  | 'snoozed';

/** The label of a stack's drift, and the words after it (counts, reason, snooze end). */
export function driftLabel(
  status: DriftStatus | undefined,
  now: Date,
  running: boolean,
): { label: DriftLabel; detail: string } {
  if (running) return { label: 'checking', detail: '' };
  const state = status?.state;
  if (!state) return { label: isCheckDue(status) ? 'waiting' : 'not checked', detail: '' };
  switch (state.kind) {
    case 'in_sync':
      return { label: 'in sync', detail: '' };
    case 'drifted': {
      const counts = [
        ...(state.outside.length > 0 ? [`drifted ${state.outside.length}`] : []),
        ...(state.pending.length > 0 ? [`pending ${state.pending.length}`] : []),
      ].join(' · ');
      if (isSnoozed(status, state.fingerprint, now)) {
        return { label: 'snoozed', detail: `${counts} · snoozed until ${utcMinute(status?.snoozed?.until ?? '')}` };
      }
      return { label: 'drifted', detail: counts };
    }
    case 'failed':
      return { label: 'failed', detail: state.reason };
    case 'skipped':
      return { label: 'skipped', detail: state.reason };
  }
}

/** `2026-11-01 06:00 UTC`. */
function utcMinute(iso: string): string {
  return `${iso.slice(0, 16).replace('T', ' ')} UTC`;
}

/** Drifted, failed and skipped stacks come first: they are what people look for. */
const order: Record<DriftLabel, number> = {
  drifted: 0,
  failed: 1,
  skipped: 2,
  checking: 3,
  waiting: 4,
  snoozed: 5,
  'not checked': 6,
  'in sync': 7,
};

export interface DriftListingInput {
  stacks: readonly string[];
  statuses: ReadonlyMap<string, DriftStatus>;
  /** Stacks whose check is under way. */
  running: ReadonlySet<string>;
  now: Date;
  /** The next scheduled run, when there is a schedule. */
  nextRun?: Date;
}

function line(stack: string, input: DriftListingInput): { rank: number; text: string } {
  const status = input.statuses.get(stack);
  const { label, detail } = driftLabel(status, input.now, input.running.has(stack));
  const checked = status?.checkedAt
    ? ` · checked ${formatDuration(input.now.getTime() - Date.parse(status.checkedAt))} ago`
    : '';
  const words = detail ? `${label === 'drifted' ? detail : `${label}: ${escapeMrkdwn(detail)}`}` : label;
  return { rank: order[label], text: `• \`${escapeMrkdwn(stack)}\` · *${words}*${checked}` };
}

/** `/tf drift`: each stack's drift, problems first, with counts and when the next check runs. */
export function renderDriftListing(input: DriftListingInput): ChatMessage {
  const lines = input.stacks
    .map((stack) => ({ stack, ...line(stack, input) }))
    .sort((a, b) => a.rank - b.rank || a.stack.localeCompare(b.stack));
  const counts = new Map<DriftLabel, number>();
  for (const stack of input.stacks) {
    const { label } = driftLabel(input.statuses.get(stack), input.now, input.running.has(stack));
    counts.set(label, (counts.get(label) ?? 0) + 1);
  }
  const overview = [...counts.entries()]
    .sort((a, b) => order[a[0]] - order[b[0]])
    .map(([label, count]) => `${label} ${count}`)
    .join(' · ');
  const next = input.nextRun ? `next check ${utcMinute(input.nextRun.toISOString())}` : 'no scheduled checks';
  return listingMessage({
    heading: `*Drift of ${input.stacks.length} stacks* · ${next}`,
    overview,
    lines: lines.map((entry) => entry.text),
    moreNote: (left) => `…and ${left} more stacks; \`/tf status <stack>\` shows one.`,
  });
}
