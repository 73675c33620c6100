import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runInProcessGroup } from '../../../../adapters/local/run-process';
import { tempDir } from '../../../support/git-repo';
import { readEventLines, writeInterruptibleTerraform } from '../../../support/interruptible-terraform';

/** `terraform apply | tee`, as the apply step runs it, with the stand-in that traps SIGINT; stopped once it runs. */
async function stopRunningApply(options: { interruptSeconds: number; graceMs: number }) {
  const bin = tempDir('interrupt-bin');
  const events = writeInterruptibleTerraform(bin);
  const controller = new AbortController();
  const output = new PassThrough();
  let log = '';
  output.on('data', (chunk: Buffer) => {
    log += chunk.toString();
  });
  const ended = runInProcessGroup({
    command: '/bin/bash',
    args: ['-c', 'set -o pipefail; terraform apply -input=false tfplan 2>&1 | tee /dev/null'],
    cwd: bin,
    env: {
      PATH: `${bin}:/usr/bin:/bin`,
      STANDIN_EVENTS: events,
      STANDIN_SLOW: 'apply',
      STANDIN_INT_SECONDS: String(options.interruptSeconds),
    },
    output,
    signal: controller.signal,
    killGraceMs: 1000,
    interrupt: { programs: ['terraform'], graceMs: options.graceMs },
  });
  await expect
    .poll(() => readEventLines(events).some((line) => line.startsWith('start apply')), { timeout: 10_000 })
    .toBe(true);
  const stoppedAt = Date.now();
  controller.abort();
  const end = await ended;
  return { end, events: readEventLines(events), log, tookMs: Date.now() - stoppedAt };
}

describe('runInProcessGroup stopping Terraform', () => {
  it('interrupts terraform alone with SIGINT and waits for it to write its state and exit', async () => {
    // Act
    const { end, events, log, tookMs } = await stopRunningApply({ interruptSeconds: 1, graceMs: 10_000 });

    // Assess: terraform saw the interrupt and ended by itself (after its second of work); tee was not killed first
    expect(events).toEqual([expect.stringMatching(/^start apply \d+$/), 'interrupted apply', 'end apply']);
    expect(end.stopped).toBe('interrupted');
    expect(end.exitCode).toBe(1);
    expect(log).toContain('Interrupt received. Gracefully shutting down...');
    expect(tookMs).toBeGreaterThanOrEqual(900);
  });

  it('kills the build when terraform has not ended at the end of its grace period', async () => {
    // Act
    const { end, events, log } = await stopRunningApply({ interruptSeconds: 30, graceMs: 500 });

    // Assess
    expect(events).toEqual([expect.stringMatching(/^start apply \d+$/), 'interrupted apply']);
    expect(end.stopped).toBe('killed');
    expect(log).toContain('the grace period is over: killing the build');
  });
});
