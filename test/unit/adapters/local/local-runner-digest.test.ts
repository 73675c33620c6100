import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../../../core/jobs/plan-digest';
import { changesDigest } from '../../../../core/plan/changes-digest';
import { runSpec, stack } from '../../../support/run-spec';
import { readCalls } from '../../../support/stand-ins';
import { createHarness, type Harness, recordedPlan } from './local-runner-harness';

const net = stack({ name: 'aws/prod/net', dir: 'stacks/net' });
let harness: Harness | undefined;

afterEach(async () => {
  await harness?.runner.shutdown();
  harness = undefined;
});

describe('LocalRunner saved plan digests', () => {
  it('never applies a tfplan changed on disk after its plan ended', async () => {
    // Prepare: the plan ends and its digest is recorded; then something rewrites the saved plan
    harness = createHarness();
    const sha = harness.repos.firstSha;
    await harness.runner.start(runSpec(net, { id: 'j-reviewed', sha }));
    await harness.finished('j-reviewed');
    const plan = recordedPlan(harness, 'j-reviewed', sha);
    writeFileSync(join(harness.stateDir, 'jobs', 'j-reviewed', 'tfplan'), 'forged plan');

    // Act
    await harness.runner.start(
      runSpec(net, { id: 'j-apply-forged', sha, action: 'apply', planJobId: 'j-reviewed' }, { plan }),
    );
    const outcome = await harness.finished('j-apply-forged');

    // Assess
    expect(outcome.result).toBe('failed');
    expect(harness.artifact('j-apply-forged', 'log.txt')).toContain(
      `infrabot: refusing to apply: the saved plan changed after its plan ended (SHA-256 ${sha256Hex('forged plan')}, recorded ${plan.tfplanDigest})`,
    );
    expect(readCalls(harness.record).filter((call) => call.args[1] === 'apply')).toEqual([]);
  });

  it('never applies a tfplan whose changes are not those of the plan.json reviewers saw', async () => {
    // Prepare: terraform describes the saved plan as creating an administrator; the plan ends with a plan.json
    // that its own code wrote instead (showing nothing), and the bot records that
    const hidden = JSON.stringify({
      resource_changes: [{ address: 'aws_iam_user.backdoor', change: { actions: ['create'] } }],
    });
    harness = createHarness({ env: { STANDIN_SHOW_JSON: hidden } });
    const sha = harness.repos.firstSha;
    await harness.runner.start(runSpec(net, { id: 'j-forged-review', sha }));
    await harness.finished('j-forged-review');
    const forged = JSON.stringify({ format_version: '1.2', resource_changes: [], note: 'forged: nothing to see' });
    writeFileSync(join(harness.stateDir, 'jobs', 'j-forged-review', 'plan.json'), forged);
    const plan = recordedPlan(harness, 'j-forged-review', sha);

    // Act: the apply build plans the commit again, and terraform describes that plan as it is
    await harness.runner.start(
      runSpec(net, { id: 'j-apply-unreviewed', sha, action: 'apply', planJobId: 'j-forged-review' }, { plan }),
    );
    const outcome = await harness.finished('j-apply-unreviewed');

    // Assess
    expect(outcome.result).toBe('failed');
    expect(harness.artifact('j-apply-unreviewed', 'log.txt')).toContain(
      `infrabot: refusing to apply: planned again from the reviewed commit, the stack's changes are not those reviewed (now: ${changesDigest(hidden)}, the reviewed plan.json's: ${changesDigest(forged)})`,
    );
    expect(readCalls(harness.record).filter((call) => call.args[1] === 'apply')).toEqual([]);
  });

  it('gives plan and apply builds separate plugin caches', async () => {
    // Prepare
    harness = createHarness();
    const sha = harness.repos.firstSha;
    await harness.runner.start(runSpec(net, { id: 'j-cache-plan', sha }));
    await harness.finished('j-cache-plan');
    const plan = recordedPlan(harness, 'j-cache-plan', sha);

    // Act
    await harness.runner.start(
      runSpec(net, { id: 'j-cache-apply', sha, action: 'apply', planJobId: 'j-cache-plan' }, { plan }),
    );
    await harness.finished('j-cache-apply');

    // Assess
    // (the apply build plans the commit again, with its own cache)
    const caches = (subcommand: string) =>
      readCalls(harness?.record ?? '')
        .filter((call) => call.args[1] === subcommand)
        .map((call) => call.env.TF_PLUGIN_CACHE_DIR);
    const planCache = join(harness.stateDir, 'plugin-cache', 'plan');
    const applyCache = join(harness.stateDir, 'plugin-cache', 'apply');
    expect(caches('plan')).toEqual([planCache, applyCache]);
    expect(caches('apply')).toEqual([applyCache]);
  });

  it("keeps a plan build's code from rewriting another job's saved plan, so the reviewed plan is applied", async () => {
    // Prepare: every plan runs code that looks for the state directory above it and rewrites every saved plan
    const overwriteEveryPlan = [
      'd=$PWD; while [ "$d" != / ] && [ ! -d "$d/worktrees" ]; do d=$(dirname "$d"); done',
      'for f in "$d"/jobs/*/tfplan; do echo forged > "$f"; done',
    ].join('; ');
    harness = createHarness({ env: { STANDIN_RUN_PLAN: overwriteEveryPlan } });
    const sha = harness.repos.firstSha;
    await harness.runner.start(runSpec(net, { id: 'j-reviewed', sha }));
    await harness.finished('j-reviewed');
    const plan = recordedPlan(harness, 'j-reviewed', sha);

    // Act: another job's plan runs the same code, then the reviewed plan is applied
    await harness.runner.start(runSpec(net, { id: 'j-hostile', sha }));
    await harness.finished('j-hostile');
    await harness.runner.start(
      runSpec(net, { id: 'j-apply-reviewed', sha, action: 'apply', planJobId: 'j-reviewed' }, { plan }),
    );
    const outcome = await harness.finished('j-apply-reviewed');

    // Assess
    expect(harness.artifact('j-reviewed', 'tfplan')).toContain('stand-in plan');
    expect(harness.artifact('j-reviewed', 'tfplan')).not.toContain('forged');
    expect(outcome.result).toBe('succeeded');
  });
});
