import { afterEach, describe, expect, it } from 'vitest';
import { readEventLines } from '../support/interruptible-terraform';
import type { ServedBot } from '../support/serve-slack';
import { serveWithStandIn, waitForEvent } from '../support/serve-with-stand-in';

let bot: ServedBot | undefined;

afterEach(async () => {
  await bot?.stop();
  bot = undefined;
});

describe('infrabot serve on SIGTERM', () => {
  it('lets a running apply finish and reports it, cancels the queued job with the reason, then exits', async () => {
    // Prepare: an apply that takes 4 s, and a plan of another stack queued behind it (one build at a time)
    const { served, events } = await serveWithStandIn({ slow: 'apply', slowSeconds: 4, concurrency: 1 });
    bot = served;
    await served.command('plan local/demo', 'UAPPLIER');
    const planJobId = await served.plannedJobId();
    await served.clickApply(planJobId, 'local/demo', 'UAPPLIER');
    await waitForEvent(events, 'start apply');
    await served.command('plan local/other', 'UAPPLIER');
    await served.slack.waitFor(() =>
      served.updates().some((update) => update.includes('local/other') && update.includes('running')),
    );
    const exited = new Promise<number | null>((resolve) => served.child.once('exit', resolve));
    let output = '';
    served.child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });

    const plansStarted = () => readEventLines(events).filter((event) => event.startsWith('start plan')).length;
    // The plan of local/demo, and the one the apply made again from its commit
    const plansBefore = plansStarted();

    // Act
    served.child.kill('SIGTERM');
    const exitCode = await exited;

    // Assess: the apply ran to its end (never interrupted) and was reported before the process exited
    expect(exitCode).toBe(0);
    expect(readEventLines(events)).toContain('end apply');
    expect(readEventLines(events)).not.toContain('interrupted apply');
    expect(served.updates().some((update) => update.includes('*Apply*') && update.includes('succeeded'))).toBe(true);
    // The queued plan never ran, and says why
    expect(plansStarted()).toBe(plansBefore);
    const other = served.updates().find((update) => update.includes('local/other') && update.includes('cancelled'));
    expect(other).toContain('infrabot was shutting down before its build started; run it again');
    expect(output).toContain('infrabot has stopped');
  }, 120_000);
});
