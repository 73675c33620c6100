import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LocalRunner } from '../../../../adapters/local/local-runner';
import type { BuildOutcome } from '../../../../core/ports';
import { recordedPlanIn } from '../../../fixtures/saved-plan';
import { createRepos, tempDir } from '../../../support/git-repo';
import { buildspecDir, runSpec, stack } from '../../../support/run-spec';

/** Real terraform from PATH, no provider downloads: `terraform_data` resources and a local backend. */
function terraformRepo(statePath: string) {
  return createRepos({
    'stacks/data/main.tf': [
      `terraform {\n  backend "local" {\n    path = "${statePath}"\n  }\n}`,
      'resource "terraform_data" "first" {\n  input = "one"\n}',
      'resource "terraform_data" "second" {\n  input = "two"\n}',
      'output "first" {\n  value = terraform_data.first.output\n}',
    ].join('\n\n'),
  });
}

let runner: LocalRunner | undefined;

afterEach(async () => {
  await runner?.shutdown();
  runner = undefined;
});

describe('LocalRunner with the real terraform', () => {
  it('plans, keeps the real plan files, applies the saved plan, and then plans no changes', async () => {
    // Prepare
    const stateDir = tempDir('tf-state');
    const repos = terraformRepo(join(tempDir('tf-backend'), 'terraform.tfstate'));
    const waiting = new Map<string, (outcome: BuildOutcome) => void>();
    runner = new LocalRunner({
      repoDir: repos.clone,
      stateDir,
      buildspecDir,
      concurrency: 2,
      onFinished: async (outcome) => waiting.get(outcome.jobId)?.(outcome),
      env: { ...process.env, TF_CLI_CONFIG_FILE: '/dev/null', CHECKPOINT_DISABLE: '1' },
    });
    const run = async (spec: ReturnType<typeof runSpec>) => {
      const done = new Promise<BuildOutcome>((resolve) => waiting.set(spec.job.id, resolve));
      await runner?.start(spec);
      return done;
    };
    const data = stack({ name: 'local/data', dir: 'stacks/data' });
    const sha = repos.firstSha;
    const file = (jobId: string, name: string) => join(stateDir, 'jobs', jobId, name);

    // Act
    const plan = await run(runSpec(data, { id: 'j-tf-plan', sha }));
    const recorded = recordedPlanIn(join(stateDir, 'jobs'), 'j-tf-plan', sha);
    const apply = await run(
      runSpec(data, { id: 'j-tf-apply', sha, action: 'apply', planJobId: 'j-tf-plan' }, { plan: recorded }),
    );
    const replan = await run(runSpec(data, { id: 'j-tf-replan', sha }));

    // Assess
    expect([plan.result, apply.result, replan.result]).toEqual(['succeeded', 'succeeded', 'succeeded']);
    const planJson = JSON.parse(readFileSync(file('j-tf-plan', 'plan.json'), 'utf8'));
    expect(
      planJson.resource_changes.map((change: { address: string; change: { actions: string[] } }) => [
        change.address,
        change.change.actions,
      ]),
    ).toEqual([
      ['terraform_data.first', ['create']],
      ['terraform_data.second', ['create']],
    ]);
    expect(readFileSync(file('j-tf-plan', 'plan.txt'), 'utf8')).toContain('Plan: 2 to add, 0 to change, 0 to destroy.');
    expect(readFileSync(file('j-tf-plan', 'log.txt'), 'utf8')).toContain('terraform plan exited with 2');
    expect(existsSync(file('j-tf-plan', 'tfplan'))).toBe(true);
    expect(readFileSync(file('j-tf-apply', 'log.txt'), 'utf8')).toContain('Apply complete! Resources: 2 added');
    expect(readFileSync(file('j-tf-replan', 'log.txt'), 'utf8')).toContain('terraform plan exited with 0');
    const replanJson = JSON.parse(readFileSync(file('j-tf-replan', 'plan.json'), 'utf8'));
    expect(
      replanJson.resource_changes.every((c: { change: { actions: string[] } }) => c.change.actions[0] === 'no-op'),
    ).toBe(true);
  }, 120_000);
});
