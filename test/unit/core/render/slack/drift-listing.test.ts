import { describe, expect, it } from 'vitest';
import type { DriftStatus } from '../../../../../core/drift/drift-status';
import { renderDriftListing } from '../../../../../core/render/slack/drift-listing';

const now = new Date('2026-12-07T09:00:00.000Z');
const checkedAt = '2026-12-07T06:00:00.000Z';
const drifted = {
  kind: 'drifted' as const,
  fingerprint: 'f1',
  outside: [{ address: 'aws_security_group.web', action: 'update' as const, attributes: ['ingress'] }],
  pending: [
    { address: 'aws_s3_bucket.logs', action: 'create' as const },
    { address: 'aws_sns_topic.alarms', action: 'create' as const },
  ],
};

const statuses: DriftStatus[] = [
  { stack: 'aws/a-in-sync', checkedAt, state: { kind: 'in_sync' } },
  { stack: 'aws/b-drifted', checkedAt, state: drifted },
  { stack: 'aws/c-locked', checkedAt, state: { kind: 'skipped', reason: 'locked by PR #12 (octocat)' } },
  { stack: 'aws/d-failed', checkedAt, state: { kind: 'failed', reason: 'the build failed' } },
  {
    stack: 'aws/e-snoozed',
    checkedAt,
    state: drifted,
    snoozed: { fingerprint: 'f1', until: '2026-12-14T09:00:00.000Z' },
  },
  { stack: 'aws/f-waiting', dueAt: '2026-12-07T06:00:00.000Z' },
];

function listing(nextRun?: Date) {
  const stacks = [...statuses.map((status) => status.stack), 'aws/g-new', 'aws/h-running'];
  return renderDriftListing({
    stacks,
    statuses: new Map(statuses.map((status) => [status.stack, status])),
    running: new Set(['aws/h-running']),
    now,
    ...(nextRun ? { nextRun } : {}),
  });
}

describe('renderDriftListing', () => {
  it('shows each stack’s state, drifted, failed and skipped first, with when it was checked', () => {
    const text = listing(new Date('2026-12-08T06:00:00.000Z')).text;

    expect(text.split('\n')).toEqual([
      '*Drift of 8 stacks* · next check 2026-12-08 06:00 UTC',
      '• `aws/b-drifted` · *drifted 1 · pending 2* · checked 3h ago',
      '• `aws/d-failed` · *failed: the build failed* · checked 3h ago',
      '• `aws/c-locked` · *skipped: locked by PR #12 (octocat)* · checked 3h ago',
      '• `aws/h-running` · *checking*',
      '• `aws/f-waiting` · *waiting*',
      '• `aws/e-snoozed` · *snoozed: drifted 1 · pending 2 · snoozed until 2026-12-14 09:00 UTC* · checked 3h ago',
      '• `aws/g-new` · *not checked*',
      '• `aws/a-in-sync` · *in sync* · checked 3h ago',
    ]);
  });

  it('counts the stacks of each state, and says when there is no schedule', () => {
    const message = listing();

    expect(message.text).toContain('no scheduled checks');
    expect(JSON.stringify(message.blocks)).toContain(
      'drifted 1 · failed 1 · skipped 1 · checking 1 · waiting 1 · snoozed 1 · not checked 1 · in sync 1',
    );
  });
});
