import { describe, expect, it } from 'vitest';
import { RecentAnswers } from '../../../../adapters/local/recent-answers';

/** Answers by a counter, so that each real asking is told apart; `failing` answers are not kept. */
function world(reuseForMs = 1_000) {
  const clock = { now: 0 };
  let asked = 0;
  const answers = new RecentAnswers<string>({
    reuseForMs,
    now: () => clock.now,
    keep: (answer) => !answer.startsWith('failed'),
  });
  function ask(answer = 'sha') {
    return async () => `${answer}-${++asked}`;
  }
  return { clock, answers, ask, asked: () => asked };
}

describe('RecentAnswers', () => {
  it('asks once for requests made while the question is being asked', async () => {
    const { answers, ask, asked } = world();

    const together = await Promise.all([answers.get('main', ask()), answers.get('main', ask())]);

    expect(together).toEqual(['sha-1', 'sha-1']);
    expect(asked()).toBe(1);
  });

  it('reuses an answer until its moment has passed, then asks again', async () => {
    const { clock, answers, ask } = world(1_000);
    await answers.get('main', ask());

    clock.now = 999;
    const reused = await answers.get('main', ask());
    clock.now = 1_000;
    const fresh = await answers.get('main', ask());

    expect([reused, fresh]).toEqual(['sha-1', 'sha-2']);
  });

  it('asks again at once after a failed answer', async () => {
    const { answers, ask } = world();
    await answers.get('main', ask('failed'));

    const next = await answers.get('main', ask());

    expect(next).toBe('sha-2');
  });

  it('keeps answers of different keys apart', async () => {
    const { answers, ask } = world();

    const both = await Promise.all([answers.get('main', ask()), answers.get('release', ask())]);

    expect(both).toEqual(['sha-1', 'sha-2']);
  });
});
