import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { codebuildOperation, startFakeCodeBuild } from '../support/fake-codebuild';
import { commitFiles, tempDir } from '../support/git-repo';
import { startServe, terraformDemoRepo, writeDemoConfig } from '../support/serve-process';
import { type RecordedCall, SlackApiRecorder } from '../support/slack-api-recorder';
import { buttonClickBody, slackSignatureHeaders, slashCommandBody } from '../support/slack-signing';

const secret = 'e2e-signing-secret';

const updatesOf = (calls: RecordedCall[]) =>
  calls.filter((call) => call.method === 'chat.update').map((call) => JSON.stringify(call.body));

let child: ChildProcess | undefined;
let recorder: SlackApiRecorder | undefined;

afterEach(async () => {
  child?.kill('SIGTERM');
  await recorder?.stop();
});

/** Starts `infrabot serve` with the local runner over `repoDir` and a recording Slack API; sends signed bodies. */
async function serveLocally(repoDir: string, prefix: string) {
  const dir = tempDir(prefix);
  const slack = new SlackApiRecorder();
  recorder = slack;
  await slack.start();
  const started = await startServe({
    SLACK_SIGNING_SECRET: secret,
    SLACK_BOT_TOKEN: 'xoxb-e2e',
    SLACK_API_URL: slack.apiUrl,
    PORT: '0',
    INFRABOT_CONFIG: writeDemoConfig(dir, { repository: 'example-org/infra', appliers: ['UAPPLIER'] }),
    INFRABOT_STATE: join(dir, 'state', 'state.db'),
    INFRABOT_REPO_DIR: repoDir,
    TF_CLI_CONFIG_FILE: '/dev/null',
    CHECKPOINT_DISABLE: '1',
  });
  child = started.child;
  const events = `http://127.0.0.1:${started.port}/slack/events`;
  const send = (body: string) => fetch(events, { method: 'POST', headers: slackSignatureHeaders(body, secret), body });
  return { slack, send };
}

describe('infrabot serve on one machine', () => {
  it('plans with the real terraform from Slack, then applies the saved plan from the Apply button', async () => {
    // Prepare
    const repos = terraformDemoRepo();
    const { slack, send } = await serveLocally(repos.clone, 'e2e-serve');

    // Act: plan
    const planResponse = await send(
      slashCommandBody({ text: 'plan local/demo', user_id: 'UAPPLIER', response_url: slack.responseUrl() }),
    );

    // Assess: acked at once, then the message ends with the real plan's counts and an Apply button
    expect(planResponse.status).toBe(200);
    await slack.waitFor((calls) => updatesOf(calls).some((update) => update.includes('tf_apply')), 60_000);
    const planned = updatesOf(slack.calls).find((update) => update.includes('tf_apply')) ?? '';
    expect(planned).toContain('succeeded');
    expect(planned).toContain('2 to add');
    const planJobId = /"planJobId\\":\\"(j-[a-z0-9-]+)/.exec(planned)?.[1] ?? '';
    expect(planJobId).not.toBe('');

    // Act: apply from the button
    await send(
      buttonClickBody({
        actionId: 'tf_apply',
        value: JSON.stringify({ planJobId, stack: 'local/demo' }),
        user_id: 'UAPPLIER',
        response_url: slack.responseUrl(),
      }),
    );

    // Assess: a second message for the apply, which ends succeeded
    await slack.waitFor(
      (calls) => updatesOf(calls).some((update) => update.includes('*Apply*') && update.includes('succeeded')),
      60_000,
    );
    expect(slack.of('chat.postMessage')).toHaveLength(2);
  }, 120_000);

  it('plans the commit the origin has now, and refuses to apply a plan whose branch has moved on', async () => {
    // Prepare: the bot plans main once, then someone merges into the origin's main
    const repos = terraformDemoRepo();
    const { slack, send } = await serveLocally(repos.clone, 'e2e-fresh');
    const plan = () =>
      send(slashCommandBody({ text: 'plan local/demo', user_id: 'UAPPLIER', response_url: slack.responseUrl() }));
    const planned = (sha: string) => (calls: RecordedCall[]) =>
      updatesOf(calls).some((update) => update.includes('tf_apply') && update.includes(sha.slice(0, 8)));
    const firstAsked = Date.now();
    await plan();
    await slack.waitFor(planned(repos.firstSha), 60_000);
    const firstPlan = updatesOf(slack.calls).find((update) => update.includes('tf_apply')) ?? '';
    const planJobId = /"planJobId\\":\\"(j-[a-z0-9-]+)/.exec(firstPlan)?.[1] ?? '';
    const merged = commitFiles(
      repos.upstream,
      { 'stacks/demo/queue.tf': 'resource "terraform_data" "queue" {\n  input = "v1"\n}\n' },
      'merge the queue',
    );
    // An answer of the remote is shared for at most 2 s; the next question comes after that.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, firstAsked + 2_100 - Date.now())));

    // Act: apply the older plan from its button, then plan again
    await send(
      buttonClickBody({
        actionId: 'tf_apply',
        value: JSON.stringify({ planJobId, stack: 'local/demo' }),
        user_id: 'UAPPLIER',
        response_url: slack.responseUrl(),
      }),
    );
    await slack.waitFor((calls) => JSON.stringify(calls).includes('Plan again before applying'), 30_000);
    await plan();
    await slack.waitFor(planned(merged), 60_000);

    // Assess: the apply was refused as stale and nothing applied; the new plan is of the merged commit
    const refusal = JSON.stringify(slack.calls);
    expect(refusal).toContain(
      `was made at ${repos.firstSha.slice(0, 8)}, but main is now at ${merged.slice(0, 8)}. Plan again before applying.`,
    );
    expect(updatesOf(slack.calls).some((update) => update.includes('*Apply*'))).toBe(false);
    expect(
      updatesOf(slack.calls)
        .filter((update) => update.includes(merged.slice(0, 8)))
        .at(-1),
    ).toContain('3 to add');
  }, 120_000);

  it('starts the build in CodeBuild when told to, at the commit, with the job id as idempotency token', async () => {
    // Prepare
    const repos = terraformDemoRepo();
    const dir = tempDir('e2e-codebuild');
    recorder = new SlackApiRecorder();
    await recorder.start();
    const codebuild = await startFakeCodeBuild();
    try {
      const started = await startServe({
        SLACK_SIGNING_SECRET: secret,
        SLACK_BOT_TOKEN: 'xoxb-e2e',
        SLACK_API_URL: recorder.apiUrl,
        PORT: '0',
        INFRABOT_CONFIG: writeDemoConfig(dir, { repository: 'example-org/infra', appliers: ['UAPPLIER'] }),
        INFRABOT_STATE: join(dir, 'state', 'state.db'),
        INFRABOT_REPO_DIR: repos.clone,
        INFRABOT_RUNNER: 'codebuild',
        INFRABOT_ARTIFACTS_BUCKET: 'infrabot-artifacts',
        INFRABOT_PLAN_PROJECT: 'infrabot-plan',
        INFRABOT_APPLY_PROJECT: 'infrabot-apply',
        AWS_ENDPOINT_URL_CODEBUILD: codebuild.url,
        AWS_REGION: 'eu-west-1',
        AWS_ACCESS_KEY_ID: 'AKIDTEST',
        AWS_SECRET_ACCESS_KEY: 'test-secret',
      });
      child = started.child;
      const body = slashCommandBody({
        text: 'plan local/demo',
        user_id: 'UAPPLIER',
        response_url: recorder.responseUrl(),
      });

      // Act
      await fetch(`http://127.0.0.1:${started.port}/slack/events`, {
        method: 'POST',
        headers: slackSignatureHeaders(body, secret),
        body,
      });

      // Assess
      await expect
        .poll(() => codebuild.requests.filter((request) => codebuildOperation(request) === 'StartBuild').length, {
          timeout: 20_000,
        })
        .toBe(1);
      const start = JSON.parse(
        codebuild.requests.find((request) => codebuildOperation(request) === 'StartBuild')?.body ?? '{}',
      );
      expect(start).toMatchObject({ projectName: 'infrabot-plan', sourceVersion: repos.firstSha });
      expect(start.idempotencyToken).toMatch(/^j-/);
      expect(start.environmentVariablesOverride).toContainEqual({
        name: 'INFRABOT_ROLE_ARN',
        value: 'arn:aws:iam::123456789012:role/infrabot-plan-demo',
        type: 'PLAINTEXT',
      });
    } finally {
      await codebuild.close();
    }
  }, 60_000);
});
