import { describe, expect, it } from 'vitest';
import { storeWriteBudget } from '../../../../adapters/github/shared-write-budget';
import { WritePacer } from '../../../../adapters/github/write-pacer';
import { FakeClock } from '../../../fakes/fake-ports';
import { fakeSleep } from '../../../fakes/fake-sleep';
import { MemoryStore } from '../../../fakes/memory-store';

function pacerOn(limits = { perMinute: 80, perHour: 500, minGapMs: 750 }) {
  const clock = new FakeClock();
  const sent: Array<{ lane: string; what: string; at: number }> = [];
  const pacer = new WritePacer({ now: () => clock.now().getTime(), sleep: fakeSleep(clock), limits });
  const write = (lane: string, what: string, coalesce?: string) =>
    pacer.schedule(
      lane,
      async () => {
        sent.push({ lane, what, at: clock.now().getTime() });
        return what;
      },
      coalesce,
    );
  return { clock, sent, write };
}

/** The most writes that started in any window of `windowMs` (both ends included). */
function busiestWindow(times: readonly number[], windowMs: number): number {
  return Math.max(0, ...times.map((start) => times.filter((at) => at >= start && at <= start + windowMs).length));
}

describe('WritePacer', () => {
  it('keeps every minute under 80 writes and every hour under 500', async () => {
    const { sent, write } = pacerOn({ perMinute: 80, perHour: 500, minGapMs: 0 });

    await Promise.all(Array.from({ length: 600 }, (_, i) => write(`pr#${i % 7}`, `w${i}`)));

    const times = sent.map((entry) => entry.at);
    expect(sent).toHaveLength(600);
    expect(busiestWindow(times, 60_000)).toBe(80);
    expect(busiestWindow(times, 3_600_000)).toBe(500);
  });

  it('spreads writes at least the gap apart', async () => {
    const { sent, write } = pacerOn();

    await Promise.all(Array.from({ length: 10 }, (_, i) => write('pr#1', `w${i}`)));

    const gaps = sent.slice(1).map((entry, i) => entry.at - (sent[i]?.at ?? 0));
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(750);
  });

  it('lets a small PR take turns with a big one instead of waiting behind it', async () => {
    const { sent, write } = pacerOn();
    const big = Array.from({ length: 100 }, (_, i) => write('pr#60', `big${i}`));

    const small = [write('pr#2', 'small0'), write('pr#2', 'small1')];
    await Promise.all([...big, ...small]);

    const order = sent.map((entry) => entry.what);
    expect(order.indexOf('small1')).toBeLessThan(5);
  });

  it('sends only the newest of writes with the same key while they wait, answering every caller', async () => {
    const { sent, write } = pacerOn();
    const first = write('pr#1', 'other');
    const pending = write('pr#1', 'pending', 'status#net');
    const final = write('pr#1', 'success', 'status#net');

    const results = await Promise.all([first, pending, final]);

    expect(sent.map((entry) => entry.what)).toEqual(['other', 'success']);
    expect(results).toEqual(['other', 'success', 'success']);
  });

  it('hands a failed write’s error to its caller and goes on with the next', async () => {
    const clock = new FakeClock();
    const pacer = new WritePacer({ now: () => clock.now().getTime(), sleep: fakeSleep(clock) });

    const failed = pacer.schedule('pr#1', async () => {
      throw new Error('422 from GitHub');
    });
    const next = pacer.schedule('pr#1', async () => 'ok');

    await expect(failed).rejects.toThrow('422 from GitHub');
    await expect(next).resolves.toBe('ok');
  });

  it('keeps two processes that share the store’s budget under 80 writes a minute together', async () => {
    const clock = new FakeClock();
    const budget = storeWriteBudget(new MemoryStore());
    const times: number[] = [];
    const pacers = [0, 1].map(
      () => new WritePacer({ now: () => clock.now().getTime(), sleep: fakeSleep(clock), shared: budget }),
    );

    await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        pacers[i % 2]?.schedule(`pr#${i % 3}`, async () => {
          times.push(clock.now().getTime());
        }),
      ),
    );

    expect(times).toHaveLength(200);
    expect(busiestWindow(times, 60_000)).toBeLessThanOrEqual(80);
  });
});
