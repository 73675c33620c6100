import { describe, expect, it } from 'vitest';
import { driftNews, statusAfterCheck } from '../../../../core/drift/drift-news';
import type { DriftState, DriftStatus } from '../../../../core/drift/drift-status';

const now = new Date('2026-11-02T06:05:00.000Z');
const drifted = (fingerprint: string): Extract<DriftState, { kind: 'drifted' }> => ({
  kind: 'drifted',
  fingerprint,
  outside: [{ address: 'aws_security_group.web', action: 'update', attributes: ['ingress'] }],
  pending: [],
});
const stack = 'aws/prod/network';

/** Runs checks in order from a stack never checked, and returns the news each made. */
function newsOf(states: DriftState[], start: DriftStatus = { stack }): string[] {
  let status = start;
  return states.map((state) => {
    const news = driftNews(status, state, now);
    status = statusAfterCheck(status, state, news, now.toISOString(), undefined);
    return news.kind;
  });
}

describe('driftNews', () => {
  it('announces new drift once, says nothing of the same drift again, and announces the return to sync once', () => {
    expect(newsOf([drifted('a'), drifted('a'), { kind: 'in_sync' }, { kind: 'in_sync' }])).toEqual([
      'drift',
      'none',
      'in_sync',
      'none',
    ]);
  });

  it('announces drift again when it changes', () => {
    expect(newsOf([drifted('a'), drifted('b'), drifted('b')])).toEqual(['drift', 'drift', 'none']);
  });

  it('says nothing of a stack that was in sync and still is', () => {
    expect(newsOf([{ kind: 'in_sync' }, { kind: 'in_sync' }])).toEqual(['none', 'none']);
  });

  it('reports a failing check once, and again only after a check succeeded', () => {
    const failed: DriftState = { kind: 'failed', reason: 'the build failed' };
    expect(newsOf([failed, failed, { kind: 'in_sync' }, failed])).toEqual(['failed', 'none', 'none', 'failed']);
  });

  it('keeps the drift it announced across a skipped or failed check', () => {
    const skipped: DriftState = { kind: 'skipped', reason: 'locked by PR #12' };
    const failed: DriftState = { kind: 'failed', reason: 'the build failed' };
    expect(newsOf([drifted('a'), skipped, failed, drifted('a')])).toEqual(['drift', 'none', 'failed', 'none']);
  });

  it('keeps a snoozed drift silent until the snooze ends, and lets a new drift speak', () => {
    const snoozed: DriftStatus = { stack, snoozed: { fingerprint: 'a', until: '2026-11-09T06:00:00.000Z' } };
    expect(newsOf([drifted('a'), drifted('b')], snoozed)).toEqual(['none', 'drift']);
    const over: DriftStatus = { stack, snoozed: { fingerprint: 'a', until: '2026-11-01T06:00:00.000Z' } };
    expect(newsOf([drifted('a')], over)).toEqual(['drift']);
  });
});
