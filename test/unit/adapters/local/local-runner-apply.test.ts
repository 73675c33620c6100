import { afterEach, describe, expect, it } from 'vitest';
import { commitFiles } from '../../../support/git-repo';
import { runSpec, stack } from '../../../support/run-spec';
import { commandLine, readCalls } from '../../../support/stand-ins';
import { createHarness, type Harness, recordedPlan } from './local-runner-harness';

const net = stack({ name: 'aws/prod/net', dir: 'stacks/net' });
let harness: Harness | undefined;

afterEach(async () => {
  await harness?.runner.shutdown();
  harness = undefined;
});

describe('LocalRunner apply', () => {
  it('checks the saved plan of its plan job, plans its commit again and applies that plan', async () => {
    // Prepare
    harness = createHarness();
    const sha = harness.repos.firstSha;
    await harness.runner.start(runSpec(net, { id: 'j-plan', sha }));
    await harness.finished('j-plan');

    // Act
    const plan = recordedPlan(harness, 'j-plan', sha);
    await harness.runner.start(runSpec(net, { id: 'j-apply', sha, action: 'apply', planJobId: 'j-plan' }, { plan }));
    const outcome = await harness.finished('j-apply');

    // Assess
    expect(outcome.result).toBe('succeeded');
    const applyCalls = readCalls(harness.record).slice(4).map(commandLine);
    expect(applyCalls).toEqual([
      'terraform -chdir=stacks/net init -input=false -no-color',
      `terraform -chdir=stacks/net plan -input=false -lock-timeout=5m -out=${harness.stateDir}/scratch/j-apply/work/plan/applied.tfplan -detailed-exitcode -no-color`,
      `terraform -chdir=stacks/net show -json ${harness.stateDir}/scratch/j-apply/work/plan/applied.tfplan`,
      `terraform -chdir=stacks/net apply -input=false -lock-timeout=5m -no-color ${harness.stateDir}/scratch/j-apply/work/plan/applied.tfplan`,
    ]);
    expect(harness.artifact('j-apply', 'log.txt')).toContain('Apply complete!');
  });

  it('refuses to apply a plan made at another commit', async () => {
    // Prepare
    harness = createHarness();
    const planned = harness.repos.firstSha;
    await harness.runner.start(runSpec(net, { id: 'j-old-plan', sha: planned }));
    await harness.finished('j-old-plan');
    const newer = commitFiles(harness.repos.upstream, { 'stacks/net/extra.tf': 'locals {}\n' });

    // Act
    const plan = recordedPlan(harness, 'j-old-plan', planned);
    await harness.runner.start(
      runSpec(net, { id: 'j-apply-newer', sha: newer, action: 'apply', planJobId: 'j-old-plan' }, { plan }),
    );
    const outcome = await harness.finished('j-apply-newer');

    // Assess
    expect(outcome.result).toBe('failed');
    expect(harness.artifact('j-apply-newer', 'log.txt')).toContain(
      `refusing to apply: the plan was made at ${planned}, this apply is for ${newer}`,
    );
    expect(readCalls(harness.record).filter((call) => call.args[1] === 'apply')).toEqual([]);
  });

  it('fails an apply whose plan job left no saved plan', async () => {
    // Prepare
    harness = createHarness();

    // Act
    const sha = harness.repos.firstSha;
    const plan = { jobId: 'j-none', sha, tfplanDigest: 'f'.repeat(64), changesDigest: 'c'.repeat(64) };
    await harness.runner.start(
      runSpec(net, { id: 'j-apply-nothing', sha, action: 'apply', planJobId: 'j-none' }, { plan }),
    );

    // Assess
    expect(await harness.finished('j-apply-nothing')).toMatchObject({
      result: 'failed',
      detail: 'the plan job j-none left no saved plan (tfplan); plan the stack again',
    });
  });

  it('fails an apply that names no plan with its digest', async () => {
    // Prepare
    harness = createHarness();

    // Act
    await harness.runner.start(runSpec(net, { id: 'j-apply-alone', sha: harness.repos.firstSha, action: 'apply' }));

    // Assess
    expect((await harness.finished('j-apply-alone')).detail).toBe(
      'an apply needs the plan it applies, with its digest; plan the stack first',
    );
  });
});
