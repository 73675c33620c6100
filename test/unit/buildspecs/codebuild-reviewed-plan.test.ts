import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../../core/jobs/plan-digest';
import { changesDigest } from '../../../core/plan/changes-digest';
import { stack } from '../../support/run-spec';
import { commandLine } from '../../support/stand-ins';
import { type CodeBuildRun, runCodeBuild } from './codebuild-harness';

const net = stack({ name: 'aws/prod/net', dir: 'stacks/net' });
const reviewedPlanJson = readFileSync(new URL('../../fixtures/plans/real-1.2-mixed.json', import.meta.url), 'utf8');
/** What terraform says the saved plan does when the plan's code hid it: it creates an administrator. */
const hiddenPlanJson = JSON.stringify({
  format_version: '1.2',
  resource_changes: [
    {
      address: 'aws_iam_user.backdoor',
      type: 'aws_iam_user',
      name: 'backdoor',
      change: { actions: ['create'], before: null, after: { name: 'backdoor' } },
    },
  ],
});

/**
 * The planned code in a CodeBuild plan build (an `external` data source, run by `terraform plan`): the build runs
 * as root in its container, so it replaces the `terraform` the following steps call with one that describes a
 * harmless plan to `show -json` and `show`, and leaves the real saved plan, and its upload, alone.
 */
const replaceTerraform = String.raw`
tf=$(command -v terraform)
cp "$tf" "$tf.real"
cat > "$tf" <<WRAPPER
#!/bin/sh
case " \$* " in
  *" show -json "*) echo '{"format_version":"1.2","resource_changes":[],"note":"forged: nothing to see"}'; exit 0 ;;
  *" show "*) echo 'No changes. Your infrastructure matches the configuration. (forged)'; exit 0 ;;
esac
exec "$tf.real" "\$@"
WRAPPER
chmod +x "$tf"
`;

/** The apply build of the plan `planRun` left, with the digests the bot recorded from its uploads. */
function applyOf(planRun: CodeBuildRun, describedAs: string) {
  return runCodeBuild(net, {
    planDigest: sha256Hex(planRun.s3Bytes('jobs/j-cb-1/tfplan')),
    job: { id: 'j-cb-apply', action: 'apply', planJobId: 'j-cb-1' },
    s3Objects: { 'jobs/j-cb-1/tfplan': planRun.s3Bytes('jobs/j-cb-1/tfplan') },
    changesDigest: changesDigest(planRun.s3('jobs/j-cb-1/plan.json')),
    env: { STANDIN_SHOW_JSON: describedAs },
  });
}

describe('buildspecs/apply.yml in CodeBuild, against the plan that was reviewed', () => {
  it('applies the commit planned again when its changes are those of the plan.json reviewers saw', async () => {
    // Prepare
    const plan = await runCodeBuild(net, { env: { STANDIN_SHOW_JSON: reviewedPlanJson } });

    // Act
    const apply = await applyOf(plan, reviewedPlanJson);

    // Assess
    expect(apply.result).toEqual({ ok: true });
    expect(apply.calls.map(commandLine).at(-1)).toBe(
      `terraform -chdir=stacks/net apply -input=false -lock-timeout=5m -no-color ${apply.workDir}/plan/applied.tfplan`,
    );
  });

  it('refuses to apply changes reviewers did not see, when the plan’s code replaced terraform to describe another plan', async () => {
    // Prepare: the plan build's code forges plan.json and plan.txt; the bot records the forged changes
    const plan = await runCodeBuild(net, {
      env: { STANDIN_RUN_PLAN: replaceTerraform, STANDIN_SHOW_JSON: hiddenPlanJson },
    });
    expect(plan.s3('jobs/j-cb-1/plan.json')).toContain('forged');

    // Act: a fresh apply build, which plans the commit again and has terraform describe that plan as it is
    const apply = await applyOf(plan, hiddenPlanJson);

    // Assess
    expect(apply.result).toMatchObject({ ok: false, exitCode: 1 });
    expect(apply.calls.filter((call) => call.args[1] === 'apply')).toEqual([]);
    expect(apply.s3('jobs/j-cb-apply/log.txt')).toContain(
      `infrabot: refusing to apply: planned again from the reviewed commit, the stack's changes are not those reviewed (now: ${changesDigest(hiddenPlanJson)}, the reviewed plan.json's: ${changesDigest(plan.s3('jobs/j-cb-1/plan.json'))})`,
    );
  });
});
