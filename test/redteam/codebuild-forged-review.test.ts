import { describe, expect, it } from 'vitest';
import { stack } from '../support/run-spec';
import { runCodeBuild } from '../unit/buildspecs/codebuild-harness';

const net = stack({ name: 'aws/prod/net', dir: 'stacks/net' });

/**
 * The planned code in a CodeBuild plan build (an `external` data source, run by `terraform plan`): the build runs
 * as root in its container, so it can replace the `terraform` the following steps call (the buildspec itself
 * installs it in /usr/local/bin). The replacement describes a harmless plan to `show -json` and `show`, and leaves
 * the real saved plan, and its upload, alone.
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

describe('redteam: what reviewers see of a CodeBuild plan', () => {
  it('uploads a plan.json and plan.txt that terraform wrote for the uploaded tfplan, not ones the planned code wrote', async () => {
    // Act
    const run = await runCodeBuild(net, { env: { STANDIN_RUN_PLAN: replaceTerraform } });

    // Assess: the build succeeded and uploaded its saved plan; its description must be terraform's own
    expect(run.result).toEqual({ ok: true });
    expect(run.s3('jobs/j-cb-1/tfplan')).toBe('stand-in plan');
    expect(run.s3('jobs/j-cb-1/plan.json')).not.toContain('forged');
    expect(run.s3('jobs/j-cb-1/plan.txt')).not.toContain('forged');
  });
});
