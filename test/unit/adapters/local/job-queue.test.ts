import { describe, expect, it } from 'vitest';
import { KeyedQueue } from '../../../../adapters/local/job-queue';

/** A task that records when it starts and finishes only when released. */
function gate(log: string[], name: string) {
  let release = () => {};
  const done = new Promise<void>((resolve) => {
    release = resolve;
  });
  return {
    run: async () => {
      log.push(`start ${name}`);
      await done;
      log.push(`end ${name}`);
    },
    release,
  };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('KeyedQueue', () => {
  it('runs tasks of one key in order, one at a time, while other keys go ahead', async () => {
    // Prepare
    const log: string[] = [];
    const queue = new KeyedQueue(2);
    const a1 = gate(log, 'a1');
    const a2 = gate(log, 'a2');
    const b1 = gate(log, 'b1');

    // Act
    queue.add({ key: 'a', run: a1.run });
    queue.add({ key: 'a', run: a2.run });
    queue.add({ key: 'b', run: b1.run });
    await tick();
    const whileA1Runs = [...log];
    a1.release();
    await tick();
    a2.release();
    b1.release();
    await tick();

    // Assess
    expect(whileA1Runs).toEqual(['start a1', 'start b1']);
    expect(log.indexOf('start a2')).toBeGreaterThan(log.indexOf('end a1'));
  });

  it('never runs more tasks than its concurrency', async () => {
    // Prepare
    const log: string[] = [];
    const queue = new KeyedQueue(1);
    const a = gate(log, 'a');
    const b = gate(log, 'b');

    // Act
    queue.add({ key: 'a', run: a.run });
    queue.add({ key: 'b', run: b.run });
    await tick();
    const first = [...log];
    a.release();
    await tick();
    b.release();
    await tick();

    // Assess
    expect(first).toEqual(['start a']);
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b']);
  });

  it('removes a waiting task, but not one that started', async () => {
    // Prepare
    const log: string[] = [];
    const queue = new KeyedQueue(1);
    const running = gate(log, 'running');
    const waiting = { key: 'x', run: async () => void log.push('waiting ran') };
    const started = { key: 'y', run: running.run };
    queue.add(started);
    queue.add(waiting);

    // Act
    const removedWaiting = queue.remove(waiting);
    const removedStarted = queue.remove(started);
    running.release();
    await tick();

    // Assess
    expect([removedWaiting, removedStarted]).toEqual([true, false]);
    expect(log).not.toContain('waiting ran');
  });

  it('refuses a concurrency below one', () => {
    // Act + Assess
    expect(() => new KeyedQueue(0)).toThrow('concurrency must be a whole number of at least 1, got 0');
  });
});
