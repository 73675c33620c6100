import { afterEach, describe, expect, it } from 'vitest';
import { readEventLines } from '../support/interruptible-terraform';
import type { ServedBot } from '../support/serve-slack';
import {
  clickJobButton,
  postedJobIds,
  repliesOf,
  serveWithStandIn,
  waitForEvent,
} from '../support/serve-with-stand-in';

let bot: ServedBot | undefined;

afterEach(async () => {
  await bot?.stop();
  bot = undefined;
});

describe('stopping jobs without losing state', () => {
  it('refuses /tf cancel of a running apply; an admin confirmed stop interrupts terraform, which ends cancelled and unlocked', async () => {
    // Prepare: a plan, then an apply the stand-in keeps running until interrupted
    const { served, events } = await serveWithStandIn({ slow: 'apply', interruptSeconds: 1 });
    bot = served;
    await served.command('plan local/demo', 'UAPPLIER');
    const planJobId = await served.plannedJobId();
    await served.clickApply(planJobId, 'local/demo', 'UAPPLIER');
    await waitForEvent(events, 'start apply');
    const applyJobId = postedJobIds(served).find((id) => id !== planJobId) ?? '';

    // Act: the one who asked cancels; then someone not an admin clicks Stop apply
    await served.command(`cancel ${applyJobId}`, 'UAPPLIER');
    await served.slack.waitFor(() => repliesOf(served).includes('tf_stop_apply'));
    await clickJobButton(served, 'tf_stop_apply', applyJobId, 'UAPPLIER');
    await served.slack.waitFor(() => repliesOf(served).includes('only an admin may stop a running apply'));

    // Assess: refused with the reason, the apply still runs
    expect(repliesOf(served)).toContain('/tf cancel does not stop an apply');
    expect(repliesOf(served)).toContain('orphaned');
    expect(readEventLines(events)).not.toContain('interrupted apply');

    // Act: an admin confirms the stop
    await clickJobButton(served, 'tf_stop_apply', applyJobId, 'UADMIN');
    await served.slack.waitFor(
      () => served.updates().some((update) => update.includes('*Apply*') && update.includes('cancelled')),
      30_000,
    );

    // Assess: terraform alone got SIGINT, finished its work and exited; the job ended cancelled with the reason
    expect(readEventLines(events).slice(-2)).toEqual(['interrupted apply', 'end apply']);
    const ended = served.updates().find((update) => update.includes('*Apply*') && update.includes('cancelled')) ?? '';
    expect(ended).toContain('stopped by <@UADMIN> (an admin)');
    expect(ended).not.toContain('force-unlock');
    expect(repliesOf(served)).toContain('Terraform is interrupted and has up to 30s');
    const locks = await served.command('locks', 'UAPPLIER');
    expect(JSON.stringify(await locks.json())).toContain('No stack is locked.');
  }, 120_000);

  it('stops a running plan at once on /tf cancel', async () => {
    // Prepare
    const { served, events } = await serveWithStandIn({ slow: 'plan' });
    bot = served;
    await served.command('plan local/demo', 'UAPPLIER');
    await waitForEvent(events, 'start plan');
    const planJobId = postedJobIds(served)[0] ?? '';

    // Act
    await served.command(`cancel ${planJobId}`, 'UAPPLIER');
    await served.slack.waitFor(
      () => served.updates().some((update) => update.includes('*Plan*') && update.includes('cancelled')),
      30_000,
    );

    // Assess
    expect(readEventLines(events)).toContain('interrupted plan');
    const ended = served.updates().find((update) => update.includes('cancelled')) ?? '';
    expect(ended).toContain('cancelled by <@UAPPLIER>');
  }, 120_000);
});
