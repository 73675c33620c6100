import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DynamoDbStore } from '../../../../adapters/aws/dynamodb-store';
import type { JobRequest } from '../../../../core/jobs/job-request';
import { createDispatcherHandler } from '../../../../lambdas/dispatcher/dispatch-handler';
import { handler } from '../../../../lambdas/dispatcher/handler';
import { dispatcherDeps } from '../../../../lambdas/dispatcher/wiring';
import { createObservability } from '../../../../lambdas/shared/observability';
import { FakeGitHubApi } from '../../../fakes/fake-github-api';
import { type LocalDynamo, startDynalite } from '../../../support/dynalite';
import { codebuildOperation, startFakeCodeBuild } from '../../../support/fake-codebuild';
import { slackArgs, slackMethod, startFakeSlackApi } from '../../../support/fake-slack-api';
import { writeTestConfig } from '../../../support/infrabot-yaml';
import type { RecordingServer } from '../../../support/recording-server';

const sha = '0123456789abcdef0123456789abcdef01234567';
let dynamo: LocalDynamo;
let codebuild: RecordingServer;
let slack: RecordingServer;
let store: DynamoDbStore;

beforeAll(async () => {
  [dynamo, codebuild, slack] = await Promise.all([startDynalite(), startFakeCodeBuild(), startFakeSlackApi()]);
  Object.assign(process.env, {
    AWS_REGION: 'eu-west-1',
    AWS_ACCESS_KEY_ID: 'AKIDLOCALTEST',
    AWS_SECRET_ACCESS_KEY: 'local-test-secret',
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
    AWS_ENDPOINT_URL_CODEBUILD: codebuild.url,
    INFRABOT_CONFIG: await writeTestConfig(),
    INFRABOT_TABLE: dynamo.tableName,
    INFRABOT_ARTIFACTS_BUCKET: 'infrabot-artifacts',
    INFRABOT_BUILD_PROJECT_PREFIX: 'infrabot',
    SLACK_BOT_TOKEN: 'xoxb-test-token',
    SLACK_API_URL: `${slack.url}/api/`,
  });
  store = new DynamoDbStore({ client: dynamo.client, tableName: dynamo.tableName });
});
afterAll(async () => Promise.all([dynamo.close(), codebuild.close(), slack.close()]));
beforeEach(async () => {
  codebuild.requests.length = 0;
  slack.requests.length = 0;
  for (const stack of ['aws/prod/network', 'aws/prod/dns', 'google/prod/project']) {
    const lock = await store.getLock(stack, new Date(0));
    if (lock) await store.releaseCheckedLock(lock);
  }
});

function request(overrides: Partial<JobRequest> = {}): JobRequest {
  return {
    jobId: 'j-disp-0001',
    action: 'plan',
    stack: 'aws/prod/network',
    sha,
    requestedBy: { source: 'slack', id: 'U012ABCDEF' },
    reply: { channel: 'C0123ABC', ts: '1700000000.000100' },
    ...overrides,
  };
}

/** The stack's lock, taken by PR #7 (octocat) for an hour. */
async function lockedByPr7(stack: string) {
  const owner = { kind: 'pr' as const, pr: 7 };
  await store.acquireLock({ stack, owner, jobId: 'j-other', heldBy: 'octocat', ttlMs: 3_600_000 }, new Date());
}

describe('dispatcher Lambda', () => {
  it('starts one CodeBuild build for a plan request and updates the Slack message', async () => {
    const result = await handler(request());

    expect(result).toEqual({
      ok: true,
      jobId: 'j-disp-0001',
      buildId: 'infrabot-plan-aws-prod-network-92fa455e:j-disp-0001',
    });
    const starts = codebuild.requests.filter((call) => codebuildOperation(call) === 'StartBuild');
    expect(starts).toHaveLength(1);
    expect(JSON.parse(starts[0]?.body ?? '')).toMatchObject({
      projectName: 'infrabot-plan-aws-prod-network-92fa455e',
      sourceVersion: sha,
      idempotencyToken: 'j-disp-0001',
      timeoutInMinutesOverride: 60,
    });
    expect(await store.getJob('j-disp-0001')).toMatchObject({
      status: 'running',
      build: { id: 'infrabot-plan-aws-prod-network-92fa455e:j-disp-0001' },
    });
    expect(slack.requests.map(slackMethod)).toEqual(['chat.update']);
    expect(slackArgs(slack.requests[0] as never)).toMatchObject({ channel: 'C0123ABC', ts: '1700000000.000100' });
  });

  it('starts no second build when the same request arrives again', async () => {
    await handler(request({ jobId: 'j-disp-0002', stack: 'aws/prod/dns' }));

    const again = await handler(request({ jobId: 'j-disp-0002', stack: 'aws/prod/dns' }));

    expect(again).toEqual({ ok: false, reason: 'duplicate' });
    expect(codebuild.requests.filter((call) => codebuildOperation(call) === 'StartBuild')).toHaveLength(1);
  });

  it('keeps the GitHub user behind an Actions request in the job it records', async () => {
    const requestedBy = {
      source: 'actions' as const,
      id: 'example-org/infra/.github/workflows/plan.yml@refs/pull/7/merge',
      triggeredBy: 'octocat',
    };

    await handler(request({ jobId: 'j-disp-0010', stack: 'aws/prod/dns', pr: 7, requestedBy }));

    expect((await store.getJob('j-disp-0010'))?.requestedBy).toStrictEqual(requestedBy);
  });

  it("starts each stack's plan in that stack's own project, never in another stack's of the same provider", async () => {
    await handler(request({ jobId: 'j-disp-0003', stack: 'google/prod/project' }));
    await handler(request({ jobId: 'j-disp-0011', stack: 'aws/prod/dns' }));

    expect(codebuild.requests.map((call) => JSON.parse(call.body ?? '').projectName)).toEqual([
      'infrabot-plan-google-prod-project-a0132b79',
      'infrabot-plan-aws-prod-dns-4e3f4532',
    ]);
  });

  it('refuses a request on a locked stack, names the holder in Slack and starts nothing', async () => {
    await lockedByPr7('aws/prod/network');

    const result = await handler(request({ jobId: 'j-disp-0004' }));

    expect(result).toEqual({ ok: false, reason: 'lock_held' });
    expect(codebuild.requests).toHaveLength(0);
    expect(await store.getJob('j-disp-0004')).toMatchObject({
      status: 'failed',
      reason: expect.stringContaining('PR #7'),
    });
    expect(JSON.stringify(slack.requests.map(slackArgs))).toContain('octocat');
  });

  it('starts a scheduled drift check as a plan build and records it as a job of kind drift', async () => {
    const drift = { kind: 'drift' as const, ref: 'main', requestedBy: { source: 'schedule' as const, id: 'drift' } };
    const { reply: _none, ...withoutReply } = request({ jobId: 'j-disp-0030', ...drift });

    await handler(withoutReply);

    const starts = codebuild.requests.filter((call) => codebuildOperation(call) === 'StartBuild');
    expect(starts).toHaveLength(1);
    expect(JSON.parse(starts[0]?.body ?? '')).toMatchObject({
      projectName: 'infrabot-plan-aws-prod-network-92fa455e',
      sourceVersion: sha,
      idempotencyToken: 'j-disp-0030',
    });
    expect(await store.getJob('j-disp-0030')).toMatchObject({ action: 'plan', kind: 'drift', status: 'running' });
    expect(slack.requests).toHaveLength(0);
  });

  it('skips a drift check of a stack someone locked: cancelled with the holder, no build started', async () => {
    await lockedByPr7('aws/prod/network');
    const { reply: _none, ...drift } = request({
      jobId: 'j-disp-0031',
      kind: 'drift',
      requestedBy: { source: 'schedule', id: 'drift' },
    });

    const result = await handler(drift);

    expect(result).toEqual({ ok: false, reason: 'lock_held' });
    expect(codebuild.requests).toHaveLength(0);
    expect(await store.getJob('j-disp-0031')).toMatchObject({
      status: 'cancelled',
      reason: 'aws/prod/network is locked by PR #7 (octocat)',
    });
  });

  it('marks the job failed and frees the lock when CodeBuild refuses the build', async () => {
    const respond = codebuild.respond;
    codebuild.respond = () => ({
      status: 400,
      headers: { 'content-type': 'application/x-amz-json-1.1' },
      body: { __type: 'ResourceNotFoundException', message: 'Project cannot be found' },
    });

    const result = await handler(request({ jobId: 'j-disp-0005', stack: 'aws/prod/dns' }));

    codebuild.respond = respond;
    expect(result).toEqual({ ok: false, reason: 'dispatch_failed' });
    expect(await store.getJob('j-disp-0005')).toMatchObject({
      status: 'failed',
      reason: expect.stringContaining(
        'could not start the build: starting codebuild project infrabot-plan-aws-prod-dns-4e3f4532',
      ),
    });
    expect(await store.getLock('aws/prod/dns', new Date())).toBeUndefined();
  });

  it('logs the job id on every line of an invocation, the EMF metrics line included', async () => {
    const lines: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string | Uint8Array) =>
      lines.push(String(chunk)) > 0) as typeof process.stdout.write;

    try {
      await handler(request({ jobId: 'j-disp-0008', stack: 'aws/prod/dns' }));
    } finally {
      process.stdout.write = write;
    }

    const logged = lines.flatMap((chunk) => chunk.split('\n')).filter((line) => line.startsWith('{'));
    expect(logged.length).toBeGreaterThan(0);
    for (const line of logged) expect(JSON.parse(line)).toMatchObject({ jobId: 'j-disp-0008' });
    expect(logged.map((line) => JSON.parse(line))).toContainEqual(expect.objectContaining({ JobsStarted: 1 }));
  });

  it('refuses a request that is not a job request without recording anything', async () => {
    const result = await handler({ jobId: 'j-disp-0006', action: 'destroy' });

    expect(result).toEqual({ ok: false, reason: 'invalid_request' });
    expect(await store.getJob('j-disp-0006')).toBeUndefined();
  });

  it('returns only once the pending statuses of its PR jobs have reached GitHub, however long they wait their turn', async () => {
    // Prepare: a dispatcher with GitHub configured; GitHub's writes go about 750 ms apart
    const github = new FakeGitHubApi();
    const env = { ...process.env, GITHUB_TOKEN: 'ghp_test', GITHUB_API_URL: await github.start() };
    const observability = createObservability('infrabot-dispatcher-github');
    const dispatch = createDispatcherHandler(() => dispatcherDeps(env, observability.logger), observability);
    const prJob = (jobId: string, stack: string) => request({ jobId, stack, pr: 7 });

    // Act: two PR jobs at once, so that one status waits behind the other
    const results = await Promise.all([
      dispatch(prJob('j-disp-0020', 'aws/prod/network')),
      dispatch(prJob('j-disp-0021', 'aws/prod/dns')),
    ]);
    const statusesAtReturn = github.statuses.map((status) => [status.context, status.state]);
    await github.stop();

    // Assess: both builds started, and both pending statuses were sent before the invocations returned
    expect(results.map((result) => result.ok)).toEqual([true, true]);
    expect(statusesAtReturn).toEqual(
      expect.arrayContaining([
        ['infrabot/plan: aws/prod/network', 'pending'],
        ['infrabot/plan: aws/prod/dns', 'pending'],
      ]),
    );
  });

  it('names every missing setting when its environment is incomplete', async () => {
    const observability = createObservability('infrabot-dispatcher-test');
    const incomplete = createDispatcherHandler(() => dispatcherDeps({}, observability.logger), observability);

    await expect(incomplete(request({ jobId: 'j-disp-0007' }))).rejects.toThrow(
      'INFRABOT_TABLE is not set; INFRABOT_ARTIFACTS_BUCKET is not set; INFRABOT_BUILD_PROJECT_PREFIX is not set',
    );
  });
});
