import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../../support/git-repo';
import { runSpec, stack } from '../../../support/run-spec';
import { createHarness, type Harness } from './local-runner-harness';

const net = stack({ name: 'aws/prod/net', dir: 'stacks/net' });
const harnesses: Harness[] = [];
const pathBefore = process.env.PATH;

afterEach(async () => {
  process.env.PATH = pathBefore;
  for (const harness of harnesses.splice(0)) await harness.runner.shutdown();
});

/** The bot's own git, slowed: checking out a worktree takes `seconds` (a large repository, a slow disk). */
function slowCheckout(seconds: number): void {
  const bin = tempDir('slow-git');
  const script = `#!/bin/sh\ncase " $* " in *" worktree add "*) sleep ${seconds} ;; esac\nexec /usr/bin/git "$@"\n`;
  writeFileSync(join(bin, 'git'), script);
  chmodSync(join(bin, 'git'), 0o755);
  process.env.PATH = `${bin}:${pathBefore}`;
}

describe('LocalRunner timeouts', () => {
  it('stops a build at its timeout counted from its start, the checkout included, not a full timeout after its steps begin', async () => {
    // Prepare: the checkout takes 3 s of a 5 s timeout, then the plan would run for 30 s
    slowCheckout(3);
    const harness = createHarness({ env: { STANDIN_SLEEP_PLAN: '30' } });
    harnesses.push(harness);
    const started = Date.now();

    // Act
    await harness.runner.start(
      runSpec(net, { id: 'j-slow-checkout', sha: harness.repos.firstSha }, { timeoutMs: 5000 }),
    );
    const outcome = await harness.finished('j-slow-checkout');

    // Assess: stopped about 5 s after it started (the stop takes its grace), never 3 s + 5 s
    expect(outcome).toMatchObject({ result: 'timed_out', detail: 'the build ran longer than its timeout of 5s' });
    expect(Date.now() - started).toBeLessThan(8000);
  });
});
