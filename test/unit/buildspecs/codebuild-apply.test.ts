import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { APPLY_ROLE, stack } from '../../support/run-spec';
import { commandLine } from '../../support/stand-ins';
import { BUCKET, runCodeBuild } from './codebuild-harness';

const net = stack({ name: 'aws/prod/net', dir: 'stacks/net' });
const applyJob = { id: 'j-cb-apply', action: 'apply' as const, planJobId: 'j-cb-plan' };
/** The plan job's artifacts; `<sha>` becomes the commit of the test repository. */
const savedPlan = { 'jobs/j-cb-plan/tfplan': 'stand-in plan', 'jobs/j-cb-plan/sha.txt': '<sha>\n' };

describe('buildspecs/apply.yml in CodeBuild', () => {
  it('downloads the plan job’s saved plan and applies exactly that file as the stack apply role', async () => {
    // Act
    const run = await runCodeBuild(net, { job: applyJob, s3Objects: savedPlan });

    // Assess
    expect(run.result).toEqual({ ok: true });
    const planDir = run.workDir.replace(/work$/, 'plan-artifacts');
    expect(run.calls.map(commandLine)).toEqual([
      `aws s3 cp s3://${BUCKET}/jobs/j-cb-plan/tfplan ${planDir}/tfplan --only-show-errors`,
      `aws s3 cp s3://${BUCKET}/jobs/j-cb-plan/sha.txt ${planDir}/sha.txt --only-show-errors`,
      'terraform -chdir=stacks/net init -input=false -no-color',
      `terraform -chdir=stacks/net apply -input=false -lock-timeout=5m -no-color ${planDir}/tfplan`,
      `aws s3 cp ${run.workDir.replace(/work$/, 'artifacts')}/log.txt s3://${BUCKET}/jobs/j-cb-apply/log.txt --only-show-errors`,
    ]);
    expect(readFileSync(join(run.workDir, 'aws-config'), 'utf8')).toContain(`role_arn = ${APPLY_ROLE}\n`);
    expect(run.calls.filter((call) => call.tool === 'terraform').every((c) => c.env.AWS_PROFILE === 'stack')).toBe(
      true,
    );
    expect(run.calls.filter((call) => call.tool === 'aws').every((c) => c.env.AWS_PROFILE === null)).toBe(true);
    expect(run.s3('jobs/j-cb-apply/log.txt')).toContain('Apply complete!');
  });

  it('refuses when the dispatcher says the plan was made at another commit', async () => {
    // Act
    const run = await runCodeBuild(net, {
      job: applyJob,
      s3Objects: savedPlan,
      env: { INFRABOT_PLAN_SHA: 'b'.repeat(40) },
    });

    // Assess
    expect(run.result).toMatchObject({ ok: false, exitCode: 1 });
    expect(run.calls.map(commandLine)).toEqual([expect.stringMatching(/^aws s3 cp .*log\.txt/)]);
    expect(run.s3('jobs/j-cb-apply/log.txt')).toContain(`refusing to apply: the plan was made at ${'b'.repeat(40)}`);
  });

  it('refuses a downloaded tfplan that records another commit', async () => {
    // Act
    const run = await runCodeBuild(net, {
      job: applyJob,
      s3Objects: { ...savedPlan, 'jobs/j-cb-plan/sha.txt': `${'c'.repeat(40)}\n` },
    });

    // Assess
    expect(run.result).toMatchObject({ ok: false, exitCode: 1 });
    expect(run.calls.filter((call) => call.tool === 'terraform')).toEqual([]);
    expect(run.s3('jobs/j-cb-apply/log.txt')).toContain(`the saved plan was made at ${'c'.repeat(40)}`);
  });

  it('fails when the plan job left no saved plan', async () => {
    // Act
    const run = await runCodeBuild(net, { job: applyJob });

    // Assess
    expect(run.result).toMatchObject({ ok: false });
    expect(run.calls.filter((call) => call.tool === 'terraform')).toEqual([]);
    expect(run.output).toContain('does not exist');
  });

  it('fails the build when the apply fails', async () => {
    // Act
    const run = await runCodeBuild(net, { job: applyJob, s3Objects: savedPlan, env: { STANDIN_EXIT_APPLY: '1' } });

    // Assess
    expect(run.result).toMatchObject({ ok: false, phase: 'build', exitCode: 1 });
    expect(run.s3('jobs/j-cb-apply/log.txt')).toContain('Error: stand-in apply failed');
  });
});
