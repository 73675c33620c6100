import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PLAN_ROLE, stack } from '../../support/run-spec';
import { type Call, commandLine } from '../../support/stand-ins';
import { BUCKET, runCodeBuild, SECRET, STANDIN_PLAN } from './codebuild-harness';

const net = stack({ name: 'aws/prod/net', dir: 'stacks/net' });

/** `init`, `plan`, … for terraform; `aws s3 cp`, … for aws. */
function step(call: Call): string {
  return call.tool === 'terraform' ? (call.args[1] ?? '') : `aws ${call.args.slice(0, 2).join(' ')}`;
}

describe('buildspecs/plan.yml in CodeBuild', () => {
  it('runs terraform as the stack plan role and uploads the plan files to their presigned URLs', async () => {
    // Act
    const run = await runCodeBuild(net);

    // Assess
    expect(run.result).toEqual({ ok: true });
    expect(run.calls.map(commandLine)).toEqual([
      'terraform -chdir=stacks/net init -input=false -no-color',
      'terraform -chdir=stacks/net plan -input=false -lock-timeout=5m -out=tfplan -detailed-exitcode -no-color',
      'terraform -chdir=stacks/net show -json tfplan',
      'terraform -chdir=stacks/net show -no-color tfplan',
    ]);
    const terraformCalls = run.calls.filter((call) => call.tool === 'terraform');
    expect(terraformCalls.every((call) => call.env.AWS_PROFILE === 'stack')).toBe(true);
    expect(readFileSync(join(run.workDir, 'aws-config'), 'utf8')).toBe(
      `[profile stack]\nrole_arn = ${PLAN_ROLE}\ncredential_source = EcsContainer\nrole_session_name = infrabot-j-cb-1\n`,
    );
    expect(Object.keys(run.objects).sort()).toEqual(
      ['log.txt', 'plan.json', 'plan.txt', 'tfplan'].map((name) => `jobs/j-cb-1/${name}`),
    );
  });

  it("can write no object but its own job's files with the URLs it is given", async () => {
    // Act: a plan whose code tries to overwrite another job's saved plan with its own URL, under another key
    const run = await runCodeBuild(net);
    const ownUrl = new URL(String(run.env.INFRABOT_PUT_TFPLAN));
    ownUrl.pathname = ownUrl.pathname.replace('j-cb-1', 'j-someone-else');
    const forged = await fetch(ownUrl, { method: 'PUT', body: 'forged plan' }).catch(() => undefined);

    // Assess
    expect(new URL(String(run.env.INFRABOT_PUT_TFPLAN)).pathname).toBe(`/${BUCKET}/jobs/j-cb-1/tfplan`);
    expect(Object.keys(run.env).filter((name) => name.startsWith('INFRABOT_GET_'))).toEqual([]);
    expect(forged?.ok ?? false).toBe(false);
  });

  it('uploads plan.json, plan.txt, tfplan and the log tail under the job prefix', async () => {
    // Act
    const run = await runCodeBuild(net);

    // Assess
    expect(JSON.parse(run.s3('jobs/j-cb-1/plan.json'))).toEqual({ format_version: '1.2', resource_changes: [] });
    expect(run.s3('jobs/j-cb-1/plan.txt')).toContain('(stand-in)');
    expect(run.s3Bytes('jobs/j-cb-1/tfplan')).toEqual(STANDIN_PLAN);
    const log = run.s3('jobs/j-cb-1/log.txt');
    expect(log).toContain('Terraform has been successfully initialized!');
    expect(log).toContain('infrabot: terraform plan exited with 2 (0 = no changes, 2 = changes)');
  });

  it('fails the build on a failing init, and still uploads the log', async () => {
    // Act
    const run = await runCodeBuild(net, { env: { STANDIN_EXIT_INIT: '1' } });

    // Assess
    expect(run.result).toMatchObject({ ok: false, aborted: false, phase: 'build', exitCode: 1 });
    expect(run.calls.map(step)).toEqual(['init']);
    expect(run.s3('jobs/j-cb-1/log.txt')).toContain('Error: stand-in init failed');
    expect(run.objects['jobs/j-cb-1/tfplan']).toBeUndefined();
  });

  it('fails the build on a plan error (exit code 1)', async () => {
    // Act
    const failed = await runCodeBuild(net, { env: { STANDIN_EXIT_PLAN: '1' } });

    // Assess
    expect(failed.result).toMatchObject({ ok: false, exitCode: 1 });
    expect(failed.calls.map(step)).toEqual(['init', 'plan']);
    expect(failed.s3('jobs/j-cb-1/log.txt')).toContain('Error: stand-in plan failed');
  });

  it('refuses to run when CodeBuild checked out another commit than the job asks for', async () => {
    // Act
    const run = await runCodeBuild(net, { env: { CODEBUILD_RESOLVED_SOURCE_VERSION: 'a'.repeat(40) } });

    // Assess
    expect(run.result).toMatchObject({ ok: false, exitCode: 1 });
    expect(run.calls.filter((call) => call.tool === 'terraform')).toEqual([]);
    expect(run.s3('jobs/j-cb-1/log.txt')).toContain(`the source is at ${'a'.repeat(40)}`);
  });

  it('reports a missing terraform binary in the log', async () => {
    // Act
    const run = await runCodeBuild(net, { env: { INFRABOT_TF_BINARY: 'tofu' } });

    // Assess
    expect(run.result).toMatchObject({ ok: false });
    expect(run.output).toContain('infrabot: tofu not found on PATH');
    expect(run.output).not.toContain(SECRET);
  });
});
