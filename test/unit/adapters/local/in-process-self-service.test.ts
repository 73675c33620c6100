import { describe, expect, it } from 'vitest';
import { InProcessSelfServiceDispatcher } from '../../../../adapters/local/in-process-self-service';
import type { SelfServiceTask } from '../../../../core/selfservice/task';

const task: SelfServiceTask = {
  kind: 'logs.run',
  userId: 'UDEV',
  channel: 'C0123ABC',
  triggerId: '1.2.abc',
  preset: 'rails-errors',
  words: [],
};

describe('InProcessSelfServiceDispatcher', () => {
  it('returns before the task finishes, and runs it in the background', async () => {
    let release: () => void = () => undefined;
    const ran: SelfServiceTask[] = [];
    const dispatcher = new InProcessSelfServiceDispatcher(
      async (given) => {
        await new Promise<void>((resolve) => {
          release = resolve;
        });
        ran.push(given);
      },
      () => undefined,
    );

    await dispatcher.dispatch(task);
    expect(ran).toEqual([]);
    release();
    await dispatcher.idle();

    expect(ran).toEqual([task]);
  });

  it('hands a failing task to the error log', async () => {
    const errors: string[] = [];
    const dispatcher = new InProcessSelfServiceDispatcher(
      async () => {
        throw new Error('boom');
      },
      (activity) => errors.push(activity),
    );

    await dispatcher.dispatch(task);
    await dispatcher.idle();

    expect(errors).toEqual(['running logs.run for UDEV']);
  });
});
