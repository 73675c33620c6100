import type { ChildProcess } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteStore } from '../../adapters/local/sqlite-store';
import { tempDir } from '../support/git-repo';
import { demoServeEnv, startServe, terraformDemoRepo } from '../support/serve-process';
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

describe('infrabot serve and a saved plan changed on disk', () => {
  it('fails the Apply click of a plan whose tfplan was rewritten after it ended, says why, audits it and applies nothing', async () => {
    // Prepare: a real plan from Slack, then its saved plan is rewritten on disk
    const repos = terraformDemoRepo(['web'], { backend: 'default' });
    const dir = tempDir('e2e-forged-plan');
    const slack = new SlackApiRecorder();
    recorder = slack;
    await slack.start();
    const env = demoServeEnv({ dir, repoDir: repos.clone, slackApiUrl: slack.apiUrl, signingSecret: secret });
    const started = await startServe(env);
    child = started.child;
    const send = (body: string) =>
      fetch(`http://127.0.0.1:${started.port}/slack/events`, {
        method: 'POST',
        headers: slackSignatureHeaders(body, secret),
        body,
      });
    await send(slashCommandBody({ text: 'plan local/demo', user_id: 'UAPPLIER', response_url: slack.responseUrl() }));
    await slack.waitFor((calls) => updatesOf(calls).some((update) => update.includes('tf_apply')), 60_000);
    const planned = updatesOf(slack.calls).find((update) => update.includes('tf_apply')) ?? '';
    const planJobId = /"planJobId\\":\\"(j-[a-z0-9-]+)/.exec(planned)?.[1] ?? '';
    const tfplan = join(dir, 'state', 'jobs', planJobId, 'tfplan');
    expect(existsSync(tfplan)).toBe(true);
    writeFileSync(tfplan, 'forged plan');

    // Act
    await send(
      buttonClickBody({
        actionId: 'tf_apply',
        value: JSON.stringify({ planJobId, stack: 'local/demo' }),
        user_id: 'UAPPLIER',
        response_url: slack.responseUrl(),
      }),
    );

    // Assess: the apply fails with the reason, the audit says so, and the stack has no state
    await slack.waitFor(
      (calls) => updatesOf(calls).some((update) => update.includes('changed after its plan ended')),
      60_000,
    );
    const store = new SqliteStore(env.INFRABOT_STATE);
    const audit = await store.listAudit({ limit: 20, target: 'local/demo' });
    store.close();
    expect(audit.find((entry) => entry.outcome === 'failed')?.detail).toContain(
      `the saved plan of ${planJobId} changed after its plan ended`,
    );
    expect(updatesOf(slack.calls).some((update) => update.includes('Apply complete'))).toBe(false);
    expect(existsSync(join(dir, 'state', 'tfstate', 'local%2Fdemo', 'terraform.tfstate'))).toBe(false);
  }, 120_000);
});
