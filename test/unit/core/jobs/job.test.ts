import { describe, expect, it } from 'vitest';
import { canTransition, isFinished } from '../../../../core/jobs/job';

describe('job lifecycle', () => {
  it('moves forward from queued through running to an end', () => {
    expect(canTransition('queued', 'running')).toBe(true);
    expect(canTransition('running', 'succeeded')).toBe(true);
    expect(canTransition('running', 'failed')).toBe(true);
    expect(canTransition('queued', 'cancelled')).toBe(true);
  });

  it('never changes a finished job again', () => {
    for (const end of ['succeeded', 'failed', 'cancelled'] as const) {
      expect(isFinished(end)).toBe(true);
      expect(canTransition(end, 'running')).toBe(false);
      expect(canTransition(end, 'succeeded')).toBe(false);
    }
  });

  it('does not skip back to queued', () => {
    expect(canTransition('running', 'queued')).toBe(false);
  });
});
