import { CodeBuildClient, StartBuildCommand } from '@aws-sdk/client-codebuild';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CodeBuildRunner } from '../../../../adapters/aws/codebuild-runner';
import { S3Artifacts } from '../../../../adapters/aws/s3-artifacts';
import type { JobRequest } from '../../../../core/jobs/job-request';
import { sha256Hex } from '../../../../core/jobs/plan-digest';
import { completeJob } from '../../../../core/usecases/complete-job';
import { dispatchJob } from '../../../../core/usecases/dispatch-job';
import { useCaseWorld } from '../../../fakes/use-case-world';
import { mainSha } from '../../../fixtures/config';
import { fakeSigner } from '../../../support/fake-signer';
import { type LocalS3, startS3rver } from '../../../support/s3rver';

const codebuild = mockClient(CodeBuildClient);
const planJson = JSON.stringify({ format_version: '1.2', resource_changes: [] });
const plan: JobRequest = {
  jobId: 'j-s3-reviewed',
  action: 'plan',
  stack: 'aws/prod/network',
  sha: mainSha,
  requestedBy: { source: 'slack', id: 'UALICE' },
};
const apply: JobRequest = { ...plan, jobId: 'j-s3-apply', action: 'apply', planJobId: 'j-s3-reviewed' };

let s3: LocalS3;
beforeAll(async () => {
  s3 = await startS3rver();
});
afterAll(async () => s3.close());
beforeEach(() => {
  codebuild.reset();
  codebuild.on(StartBuildCommand).resolves({ build: { id: 'infrabot:1' } });
});

/** The dispatcher and notifier of AWS: CodeBuild (mocked) and the artifacts in an s3rver. */
function awsWorld() {
  const world = useCaseWorld();
  const artifacts = new S3Artifacts({ client: s3.client, bucket: s3.bucket });
  const runner = new CodeBuildRunner({
    client: new CodeBuildClient({ region: 'eu-west-1' }),
    projectPrefix: 'infrabot',
    bucket: s3.bucket,
    sign: fakeSigner,
  });
  return {
    world,
    dispatch: { ...world.dispatchDeps, runner, artifacts },
    completion: { ...world.completionDeps, artifacts },
  };
}

/** A plan build ran and uploaded its files; the notifier records its end. */
async function endedPlan(aws: ReturnType<typeof awsWorld>) {
  await dispatchJob(plan, aws.dispatch);
  await aws.completion.artifacts.put(plan.jobId, 'plan.json', planJson);
  await aws.completion.artifacts.put(plan.jobId, 'tfplan', 'reviewed plan');
  await completeJob({ jobId: plan.jobId, buildId: 'infrabot:1', result: 'succeeded' }, aws.completion);
}

describe('saved plans in S3', () => {
  it('starts an apply with the digest its build verifies', async () => {
    // Prepare
    const aws = awsWorld();
    await endedPlan(aws);

    // Act
    await dispatchJob(apply, aws.dispatch);

    // Assess
    const start = codebuild.commandCalls(StartBuildCommand).at(-1)?.args[0].input;
    expect(start?.projectName).toBe('infrabot-apply-aws-prod-network-92fa455e');
    expect(start?.environmentVariablesOverride).toContainEqual({
      name: 'INFRABOT_PLAN_DIGEST',
      value: sha256Hex('reviewed plan'),
      type: 'PLAINTEXT',
    });
  });

  it('fails an apply whose saved plan changed in S3 after its plan ended, and starts no build', async () => {
    // Prepare: the reviewed plan ended; then its tfplan is overwritten in the bucket
    const aws = awsWorld();
    await endedPlan(aws);
    await s3.client.send(
      new PutObjectCommand({ Bucket: s3.bucket, Key: `jobs/${plan.jobId}/tfplan`, Body: 'forged plan' }),
    );

    // Act
    const outcome = await dispatchJob(apply, aws.dispatch);

    // Assess
    expect(outcome).toMatchObject({ ok: false, why: expect.stringContaining('changed after its plan ended') });
    expect(await aws.world.store.getJob(apply.jobId)).toMatchObject({
      status: 'failed',
      reason: expect.stringContaining('nothing was applied'),
    });
    expect(aws.world.store.audit.at(-1)).toMatchObject({ action: 'tf.apply', outcome: 'failed', jobId: apply.jobId });
    expect(codebuild.commandCalls(StartBuildCommand).map((call) => call.args[0].input.projectName)).toEqual([
      'infrabot-plan-aws-prod-network-92fa455e',
    ]);
  });
});
