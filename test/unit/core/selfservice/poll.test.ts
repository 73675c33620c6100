import { describe, expect, it } from 'vitest';
import { pollUntil } from '../../../../core/selfservice/poll';
import { FakeClock } from '../../../fakes/fake-ports';
import { fakeSleep } from '../../../fakes/fake-sleep';

const timing = { deadlineMs: 60_000, firstDelayMs: 5_000, maxDelayMs: 20_000 };

describe('pollUntil', () => {
  it('waits with doubling delays, capped, until the check is done', async () => {
    const clock = new FakeClock();
    const sleep = fakeSleep(clock);
    let checks = 0;

    const result = await pollUntil(
      async () => ++checks,
      (n) => n === 4,
      timing,
      clock,
      sleep,
    );

    expect(result).toEqual({ done: true, value: 4 });
    expect(sleep.waits).toEqual([5_000, 10_000, 20_000, 20_000]);
  });

  it('stops at the deadline without sleeping past it', async () => {
    const clock = new FakeClock();
    const sleep = fakeSleep(clock);

    const result = await pollUntil(
      async () => 'running',
      () => false,
      timing,
      clock,
      sleep,
    );

    expect(result).toEqual({ done: false, value: 'running' });
    expect(sleep.waits).toEqual([5_000, 10_000, 20_000, 20_000, 5_000]);
  });

  it('tolerates a few failed checks in a row, then throws the last error', async () => {
    const clock = new FakeClock();
    const failures = [new Error('throttled'), new Error('throttled')];

    const recovered = await pollUntil(
      async () => {
        const failure = failures.shift();
        if (failure) throw failure;
        return 'done';
      },
      (value) => value === 'done',
      timing,
      clock,
      fakeSleep(clock),
    );
    const failing = pollUntil(
      async () => {
        throw new Error('access denied');
      },
      () => true,
      timing,
      clock,
      fakeSleep(clock),
    );

    expect(recovered).toEqual({ done: true, value: 'done' });
    await expect(failing).rejects.toThrow('access denied');
  });
});
