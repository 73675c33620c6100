import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../../support/git-repo';
import { runSpec, stack } from '../../../support/run-spec';
import { terraformScriptDir } from '../../../support/terraform-script';
import { createHarness, type Harness, waitFor } from './local-runner-harness';

const net = stack({ name: 'aws/prod/net', dir: 'stacks/net' });
let harness: Harness | undefined;

afterEach(async () => {
  await harness?.runner.shutdown();
  harness = undefined;
});

/**
 * A terraform that plans forever: it notes which process is the first of its PID namespace, then beats into
 * `$STANDIN_BEAT` until it is stopped.
 */
function slowTerraform(): { path: string; beat: string; seen: string } {
  const bin = terraformScriptDir('signals-bin', [
    '#!/bin/bash',
    'case "$1" in -chdir=*) shift ;; esac',
    '[ "$1" = plan ] || exit 0',
    'cat /proc/1/comm > "$STANDIN_SEEN"',
    'while :; do date +%s%N >> "$STANDIN_BEAT"; sleep 0.05; done',
  ]);
  const dir = tempDir('signals');
  return { path: `${bin}:${process.env.PATH}`, beat: join(dir, 'beat'), seen: join(dir, 'seen') };
}

/** Whether the beat file stopped growing for half a second. */
async function stoppedBeating(beat: string): Promise<boolean> {
  const before = statSync(beat).size;
  await new Promise((resolve) => setTimeout(resolve, 500));
  return statSync(beat).size === before;
}

describe('LocalRunner stopping sandboxed builds', () => {
  it('stops terraform in its sandbox when the build is cancelled, and reports stopped', async () => {
    // Prepare
    const terraform = slowTerraform();
    harness = createHarness({
      path: terraform.path,
      env: { STANDIN_BEAT: terraform.beat, STANDIN_SEEN: terraform.seen },
    });
    const ref = await harness.runner.start(runSpec(net, { id: 'j-cancel-sandboxed', sha: harness.repos.firstSha }));
    await waitFor(() => existsSync(terraform.beat));

    // Act
    await harness.runner.cancel(ref.id, 'cancelled by <@U1>');
    const outcome = await harness.finished('j-cancel-sandboxed');

    // Assess: terraform ran in a PID namespace of its own, and nothing of it runs on
    expect(readFileSync(terraform.seen, 'utf8').trim()).toBe('bwrap');
    expect(outcome).toMatchObject({ result: 'stopped', detail: 'cancelled by <@U1>' });
    expect(await stoppedBeating(terraform.beat)).toBe(true);
  });

  it('stops terraform in its sandbox when the build runs past its timeout, and reports timed_out', async () => {
    // Prepare
    const terraform = slowTerraform();
    harness = createHarness({
      path: terraform.path,
      env: { STANDIN_BEAT: terraform.beat, STANDIN_SEEN: terraform.seen },
    });
    const started = Date.now();

    // Act
    await harness.runner.start(
      runSpec(net, { id: 'j-timeout-sandboxed', sha: harness.repos.firstSha }, { timeoutMs: 2000 }),
    );
    const outcome = await harness.finished('j-timeout-sandboxed');

    // Assess
    expect(readFileSync(terraform.seen, 'utf8').trim()).toBe('bwrap');
    expect(outcome).toMatchObject({ result: 'timed_out' });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(await stoppedBeating(terraform.beat)).toBe(true);
  });
});
