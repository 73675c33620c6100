import type { App } from '@slack/bolt';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type AcksFirst, type AfterAck, acksFirst } from '../../../bot/acks-first';

type Middleware = (args: { next: () => Promise<void> }) => Promise<void>;

/** The one method of a Bolt app that acks-first uses: the global middleware it installs. */
function fakeApp(): { app: App; middleware: () => Middleware } {
  let installed: Middleware | undefined;
  const app = {
    use(middleware: Middleware) {
      installed = middleware;
      return app;
    },
  };
  return {
    app: app as unknown as App,
    middleware: () => {
      if (!installed) throw new Error('no middleware installed');
      return installed;
    },
  };
}

describe('acksFirst', () => {
  let started: string[];
  let errors: Array<{ activity: string; error: unknown }>;
  let afterAck: AfterAck;
  let acks: AcksFirst;
  let middleware: Middleware;

  beforeEach(() => {
    vi.useFakeTimers();
    started = [];
    errors = [];
    const fake = fakeApp();
    acks = acksFirst(fake.app, (activity, error) => errors.push({ activity, error }), {
      quietMs: 10,
      maxDelayMs: 1_000,
    });
    afterAck = acks.afterAck;
    middleware = fake.middleware();
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  /** A request whose listener acks and hands over `name`'s work at once. */
  const request = (name: string) =>
    middleware({
      next: () =>
        afterAck(async () => {
          started.push(name);
        }),
    });

  /** A request whose listener has not acked yet; `ack()` lets it end. */
  function requestOnItsWay(): { ack: () => void } {
    let ack = () => {};
    const acked = new Promise<void>((resolve) => {
      ack = resolve;
    });
    void middleware({ next: () => acked });
    return { ack };
  }

  it('starts the work after an ack once no other request has arrived for a quiet spell', async () => {
    await request('plan');

    await vi.advanceTimersByTimeAsync(9);
    expect(started).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(started).toEqual(['plan']);
  });

  it('holds the work while another request is on its way to its ack, then starts it', async () => {
    await request('plan');
    const other = requestOnItsWay();

    await vi.advanceTimersByTimeAsync(500);
    expect(started).toEqual([]);
    other.ack();
    await vi.advanceTimersByTimeAsync(10);
    expect(started).toEqual(['plan']);
  });

  it('starts the work of a burst in the order of its acks once the burst is over', async () => {
    await request('first');
    await vi.advanceTimersByTimeAsync(5);
    await request('second');
    await vi.advanceTimersByTimeAsync(5);
    await request('third');
    expect(started).toEqual([]);

    await vi.advanceTimersByTimeAsync(9);
    expect(started).toEqual([]);
    // One piece a turn of the event loop (fake timers give each turn a millisecond).
    await vi.advanceTimersByTimeAsync(10);
    expect(started).toEqual(['first', 'second', 'third']);
  });

  it('starts work that has waited a second though requests keep arriving', async () => {
    await request('plan');
    for (let elapsed = 0; elapsed < 990; elapsed += 5) {
      await vi.advanceTimersByTimeAsync(5);
      await request(`burst-${elapsed}`);
    }
    expect(started).toEqual([]);

    await vi.advanceTimersByTimeAsync(10);
    expect(started[0]).toBe('plan');
  });

  it('reports work that fails and goes on with the next', async () => {
    await middleware({
      next: () =>
        afterAck(async () => {
          throw new Error('database is locked');
        }),
    });
    await request('plan');

    await vi.advanceTimersByTimeAsync(20);
    expect(errors).toEqual([{ activity: 'working after an ack', error: new Error('database is locked') }]);
    expect(started).toEqual(['plan']);
  });

  it('starts at once, when the bot stops, the work of every request it acked, and waits for that work to end', async () => {
    // Prepare: two acked requests whose work waits behind a third request still on its way to its ack
    let finish = () => {};
    await middleware({
      next: () =>
        afterAck(async () => {
          started.push('slow');
          await new Promise<void>((resolve) => {
            finish = resolve;
          });
          started.push('slow ended');
        }),
    });
    await request('plan');
    requestOnItsWay();

    // Act
    let drained = false;
    const draining = acks.drain().then(() => {
      drained = true;
    });
    await vi.advanceTimersByTimeAsync(0);

    // Assess: nothing waited for the quiet spell, and the drain ends with the last piece of work
    expect(started).toEqual(['slow', 'plan']);
    expect(drained).toBe(false);
    finish();
    await draining;
    expect(started).toEqual(['slow', 'plan', 'slow ended']);
  });
});
