import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { driverDir } from '../../../../adapters/local/driver-files';
import { processStartTicks } from '../../../../adapters/local/process-tree';
import type { Job } from '../../../../core/jobs/job';
import { createHarness, type Harness } from './local-runner-harness';

let harness: Harness | undefined;

afterEach(async () => {
  await harness?.runner.shutdown();
  harness = undefined;
});

/** A job the bot lost in a crash: running, with the build the crashed bot started. */
function lostJob(id: string, buildProcess?: Job['buildProcess']): Job {
  return {
    id,
    action: 'plan',
    stack: 'aws/prod/net',
    sha: 'a'.repeat(40),
    requestedBy: { source: 'slack', id: 'U1' },
    status: 'running',
    createdAt: '2026-12-06T20:00:00.000Z',
    build: { id: `local-${id}`, logUrl: 'https://bot.example/jobs/x' },
    ...(buildProcess === undefined ? {} : { buildProcess }),
  };
}

describe('LocalRunner after a restart', () => {
  it('reports a build that ended while the bot was down from the end its driver recorded', async () => {
    // Prepare: the driver recorded a failed plan step, then the bot came back
    harness = createHarness();
    const dir = driverDir(harness.stateDir, 'j-ended-while-down');
    mkdirSync(dir, { recursive: true });
    mkdirSync(join(harness.stateDir, 'jobs', 'j-ended-while-down'), { recursive: true });
    writeFileSync(join(harness.stateDir, 'jobs', 'j-ended-while-down', 'log.txt'), 'Error: stand-in plan failed\n');
    const steps = { ok: false, aborted: false, phase: 'build', command: 'terraform plan', exitCode: 1 };
    writeFileSync(join(dir, 'end.json'), JSON.stringify({ steps }));

    // Act
    const resumed = await harness.runner.resume(lostJob('j-ended-while-down'));
    const outcome = await harness.finished('j-ended-while-down');

    // Assess
    expect(resumed).toBe('resumed');
    expect(outcome).toMatchObject({
      result: 'failed',
      detail: 'build step failed with exit code 1: terraform plan',
      logUrl: 'https://bot.example/jobs/x',
    });
    expect(harness.artifact('j-ended-while-down', 'log.txt')).toContain('[infrabot] failed: build step failed');
  });

  it('says a build is gone when its process no longer runs and it recorded no end', async () => {
    // Prepare: a pid that now belongs to another process (this one), with another start time
    harness = createHarness();

    // Act
    const resumed = await harness.runner.resume(lostJob('j-gone', { processGroup: process.pid, startTicks: 1 }));

    // Assess
    expect(resumed).toBe('gone');
    expect(harness.outcomes).toHaveLength(0);
  });

  it('keeps following a build whose driver still runs when the crashed bot had not yet noted it on the job', async () => {
    // Prepare: a driver that runs (its own process group) and noted itself in its directory; the job has no process
    harness = createHarness();
    const driver = spawn('sleep', ['0.5'], { detached: true, stdio: 'ignore' });
    const pid = driver.pid as number;
    const startTicks = (await processStartTicks(pid)) as number;
    const dir = driverDir(harness.stateDir, 'j-unnoted');
    mkdirSync(dir, { recursive: true });
    mkdirSync(join(harness.stateDir, 'jobs', 'j-unnoted'), { recursive: true });
    writeFileSync(join(dir, 'process.json'), JSON.stringify({ processGroup: pid, startTicks }));
    const steps = { ok: true };

    // Act: the bot comes back while the driver still runs; the driver then records its end and exits
    const resumed = await harness.runner.resume(lostJob('j-unnoted'));
    writeFileSync(join(dir, 'end.json'), JSON.stringify({ steps }));
    const outcome = await harness.finished('j-unnoted');

    // Assess: the build was followed to its end, not failed as gone
    expect(resumed).toBe('resumed');
    expect(outcome).toMatchObject({ result: 'succeeded' });
  });
});
