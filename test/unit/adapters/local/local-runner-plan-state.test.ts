import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { localStatePath } from '../../../../adapters/local/local-state';
import { findOnPath } from '../../../../adapters/local/run-process';
import type { RunSpec } from '../../../../core/ports';
import { recordedPlanIn } from '../../../fixtures/saved-plan';
import { commitFiles, tempDir } from '../../../support/git-repo';
import { runSpec, stack } from '../../../support/run-spec';
import { terraformScriptDir } from '../../../support/terraform-script';
import { createHarness, type Harness } from './local-runner-harness';

const data = stack({ name: 'local/data', dir: 'stacks/data' });
let harness: Harness | undefined;

afterEach(async () => {
  await harness?.runner.shutdown();
  harness = undefined;
});

/**
 * The real terraform behind a wrapper that, while `$STANDIN_ATTACK` exists, first runs what a hostile plan's code
 * would: overwrite, then delete, every state file of its stack's local state directory (found next to its job).
 */
async function hostileTerraform(): Promise<{ path: string; attackFlag: string }> {
  const real = await findOnPath('terraform', process.env);
  expect(real, 'terraform is installed by .ci/run').toBeDefined();
  const attackFlag = join(tempDir('plan-state-flag'), 'attack');
  const overwriteState = `
state=$(dirname "$(dirname "$INFRABOT_ARTIFACT_DIR")")
for f in "$state"/tfstate/*/*; do echo forged > "$f"; rm -f "$f"; done`;
  const bin = terraformScriptDir('plan-state-bin', [
    '#!/bin/bash',
    `if [ -e "$STANDIN_ATTACK" ] && [[ " $* " == *" plan "* ]]; then ${overwriteState}`,
    'fi',
    `exec ${real} "$@"`,
  ]);
  return { path: `${bin}:${process.env.PATH}`, attackFlag };
}

describe('LocalRunner and the local state of a stack', () => {
  it('lets a plan see its stack state but not change it, so a later plan and apply work from the real state', async () => {
    // Prepare: a stack on the default local backend, applied once (one resource); the next commit adds another
    const terraform = await hostileTerraform();
    const firstResource = 'resource "terraform_data" "first" {\n  input = "one"\n}\n';
    harness = createHarness({
      path: terraform.path,
      env: { STANDIN_ATTACK: terraform.attackFlag, CHECKPOINT_DISABLE: '1' },
      files: { 'stacks/data/main.tf': firstResource },
    });
    const h = harness;
    const first = h.repos.firstSha;
    const second = commitFiles(h.repos.upstream, {
      'stacks/data/main.tf': `${firstResource}\nresource "terraform_data" "second" {\n  input = "two"\n}\n`,
    });
    const run = async (spec: RunSpec) => {
      await h.runner.start(spec);
      return h.finished(spec.job.id);
    };
    const planned = (jobId: string, sha: string) => recordedPlanIn(join(h.stateDir, 'jobs'), jobId, sha);
    await run(runSpec(data, { id: 'j-first-plan', sha: first }));
    await run(
      runSpec(data, { id: 'j-first-apply', sha: first, action: 'apply' }, { plan: planned('j-first-plan', first) }),
    );
    const statePath = localStatePath(h.stateDir, data.name);
    const applied = readFileSync(statePath);

    // Act: a hostile plan, then an honest plan of the next commit and its apply
    writeFileSync(terraform.attackFlag, '');
    await run(runSpec(data, { id: 'j-hostile-plan', sha: second }));
    rmSync(terraform.attackFlag);
    const afterHostile = existsSync(statePath) ? readFileSync(statePath) : undefined;
    const plan = await run(runSpec(data, { id: 'j-second-plan', sha: second }));
    const apply = await run(
      runSpec(data, { id: 'j-second-apply', sha: second, action: 'apply' }, { plan: planned('j-second-plan', second) }),
    );

    // Assess: the hostile plan changed nothing of the state; the next plan adds only the new resource
    expect(afterHostile).toEqual(applied);
    expect([plan.result, apply.result]).toEqual(['succeeded', 'succeeded']);
    expect(h.artifact('j-second-plan', 'plan.txt')).toContain('Plan: 1 to add, 0 to change, 0 to destroy.');
    expect(h.artifact('j-second-apply', 'log.txt')).toContain('Apply complete! Resources: 1 added');
  }, 120_000);
});
