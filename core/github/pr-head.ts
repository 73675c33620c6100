import type { Requester } from '../jobs/job';
import type { AuditLog, Clock } from '../ports';
import type { PullRequestInfo } from './pull-request';

/** The audit action under which each head a PR's events report is recorded, with when it was pushed. */
const headAction = 'github.pr_head';

const detailOf = (sha: string) => `head ${sha}`;

/**
 * Records that the PR's head became `sha` at `at` (the `updated_at` of the signed `pull_request` event: when it
 * was pushed), so that a later comment can tell whether it was written before or after that push.
 */
export async function recordPrHead(
  input: { pr: number; sha: string; actor: Requester; at: string },
  deps: { store: AuditLog },
): Promise<void> {
  await deps.store.appendAudit({
    at: input.at,
    actor: input.actor,
    action: headAction,
    target: `PR #${input.pr}`,
    outcome: 'succeeded',
    detail: detailOf(input.sha),
  });
}

/** The head to plan for a comment, or why none can be planned. */
export type PinnedHead = { ok: true; sha: string } | { ok: false; reason: string };

/**
 * The PR's head as it was when the comment was written: a `/tf plan` plans the code the commenter saw, never a
 * push that came after it. The current head is used when its push was recorded at or before the comment; a head
 * pushed after the comment is refused. A head whose push was never recorded (its event is late or lost) is
 * refused for a fork's PR, whose code nobody with write permission pushed, and used for a branch of the
 * repository.
 */
export async function headWhenWritten(
  pr: PullRequestInfo,
  writtenAt: string,
  deps: { store: AuditLog; clock: Clock },
): Promise<PinnedHead> {
  const entries = await deps.store.listAudit({ target: `PR #${pr.number}`, limit: 200 });
  const pushes = entries
    .filter((entry) => entry.action === headAction && entry.detail === detailOf(pr.headSha))
    .map((entry) => entry.at)
    .sort();
  const pushedAt = pushes[0];
  const head = pr.headSha.slice(0, 7);
  if (pushedAt !== undefined && Date.parse(pushedAt) > Date.parse(writtenAt)) {
    return {
      ok: false,
      reason: `the PR's head is now ${head}, pushed after this comment was written: review it, then comment \`/tf plan\` again to plan it`,
    };
  }
  if (pushedAt === undefined && pr.fromFork) {
    return {
      ok: false,
      reason: `this PR comes from a fork and infrabot cannot tell whether its head ${head} was pushed before this comment: review it, then comment \`/tf plan\` again`,
    };
  }
  return { ok: true, sha: pr.headSha };
}
