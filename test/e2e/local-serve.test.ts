import { type ChildProcess, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { codebuildOperation, startFakeCodeBuild } from '../support/fake-codebuild';
import { tempDir } from '../support/git-repo';
import { demoServeEnv, startServe, terraformDemoRepo, writeDemoConfig } from '../support/serve-process';
import { e2eSigningSecret, type ServedBot, serveOverSlack } from '../support/serve-slack';
import { SlackApiRecorder } from '../support/slack-api-recorder';
import { slackSignatureHeaders, slashCommandBody } from '../support/slack-signing';

const secret = e2eSigningSecret;

let bot: ServedBot | undefined;
let child: ChildProcess | undefined;
let recorder: SlackApiRecorder | undefined;

afterEach(async () => {
  await bot?.stop();
  bot = undefined;
  child?.kill('SIGTERM');
  await recorder?.stop();
});

describe('infrabot serve on one machine', () => {
  it('plans with the real terraform from Slack, then applies the saved plan from the Apply button', async () => {
    // Prepare
    const repos = terraformDemoRepo();
    const dir = tempDir('e2e-serve');
    const served = await serveOverSlack((slackApiUrl) =>
      demoServeEnv({ dir, repoDir: repos.clone, slackApiUrl, signingSecret: e2eSigningSecret }),
    );
    bot = served;

    // Act: plan
    const planResponse = await served.command('plan local/demo', 'UAPPLIER');

    // Assess: acked at once, then the message ends with the real plan's counts and an Apply button
    expect(planResponse.status).toBe(200);
    const planJobId = await served.plannedJobId();
    const planned = served.updates().find((update) => update.includes('tf_apply')) ?? '';
    expect(planned).toContain('succeeded');
    expect(planned).toContain('2 to add');
    expect(planJobId).not.toBe('');

    // Act: apply from the button
    await served.clickApply(planJobId, 'local/demo', 'UAPPLIER');

    // Assess: a second message for the apply, which ends succeeded
    await served.slack.waitFor(
      () => served.updates().some((update) => update.includes('*Apply*') && update.includes('succeeded')),
      60_000,
    );
    expect(served.slack.of('chat.postMessage')).toHaveLength(2);
  }, 120_000);

  it('keeps the state of a stack on the default local backend: plan, apply, then plan again shows no changes', async () => {
    // Prepare: a stack with no backend block, whose state Terraform would write into the job's worktree
    const repos = terraformDemoRepo(['web'], { backend: 'default' });
    const dir = tempDir('e2e-default-backend');
    const served = await serveOverSlack((slackApiUrl) =>
      demoServeEnv({ dir, repoDir: repos.clone, slackApiUrl, signingSecret: e2eSigningSecret }),
    );
    bot = served;

    // Act: plan, apply from the button, plan again
    await served.command('plan local/demo', 'UAPPLIER');
    const planJobId = await served.plannedJobId();
    const planned = served.updates().find((update) => update.includes('tf_apply')) ?? '';
    await served.clickApply(planJobId, 'local/demo', 'UAPPLIER');
    await served.slack.waitFor(
      () => served.updates().some((update) => update.includes('*Apply*') && update.includes('succeeded')),
      60_000,
    );
    await served.command('plan local/demo', 'UAPPLIER');
    await served.slack.waitFor(() => served.updates().some((update) => update.includes('No changes.')), 60_000);

    // Assess: the first plan creates the resource, the apply keeps its state, the second plan has nothing to do
    expect(planned).toContain('Plan: 1 to add, 0 to change, 0 to destroy.');
    const replanned = served.updates().filter((update) => update.includes('No changes.'));
    expect(replanned.at(-1)).toContain('Your infrastructure matches the configuration.');
    expect(replanned.at(-1)).not.toContain('tf_apply');
    expect(replanned.at(-1)).not.toContain('to add');
    expect(existsSync(join(dir, 'state', 'tfstate', 'local%2Fdemo', 'terraform.tfstate'))).toBe(true);
  }, 180_000);

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
        INFRABOT_BUILD_PROJECT_PREFIX: 'infrabot',
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
      expect(start).toMatchObject({ projectName: 'infrabot-plan-local-demo-7337c212', sourceVersion: repos.firstSha });
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

  it('refuses to start with some Slack settings but not all, naming the missing ones, instead of serving the demo', () => {
    // Prepare: a bot token and nothing else, as a half-configured production bot
    const env = Object.fromEntries(
      Object.entries(process.env).filter(([name]) => !name.startsWith('SLACK_') && !name.startsWith('INFRABOT_')),
    );

    // Act
    const serve = spawnSync(process.execPath, ['bin/infrabot.mjs', 'serve'], {
      cwd: new URL('../..', import.meta.url).pathname,
      env: { ...env, SLACK_BOT_TOKEN: 'xoxb-half', PORT: '0', INFRABOT_STATE: join(tempDir('half'), 'state.db') },
      encoding: 'utf8',
      timeout: 30_000,
    });

    // Assert
    expect(serve.status).toBe(1);
    expect(serve.stderr).toContain('SLACK_SIGNING_SECRET is not set');
    expect(serve.stderr).toContain('INFRABOT_REPO_DIR is not set');
    expect(serve.stdout).not.toContain('infrabot console');
  }, 40_000);
});
