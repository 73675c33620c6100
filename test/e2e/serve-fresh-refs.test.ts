import { afterEach, describe, expect, it } from 'vitest';
import { defaultReuseForMs } from '../../adapters/local/git-commits';
import { commitFiles, tempDir } from '../support/git-repo';
import { demoServeEnv, terraformDemoRepo } from '../support/serve-process';
import { e2eSigningSecret, type ServedBot, serveOverSlack } from '../support/serve-slack';

let bot: ServedBot | undefined;

afterEach(async () => {
  await bot?.stop();
  bot = undefined;
});

describe('infrabot serve planning main after a push', () => {
  it('plans the pushed commit, and refuses the Apply of the plan made before the push as stale', async () => {
    // Prepare: main planned once, then a merge lands on the origin's main (the clone has not fetched it)
    const repos = terraformDemoRepo();
    const dir = tempDir('e2e-fresh');
    const served = await serveOverSlack((slackApiUrl) =>
      demoServeEnv({ dir, repoDir: repos.clone, slackApiUrl, signingSecret: e2eSigningSecret }),
    );
    bot = served;
    await served.command('plan local/demo', 'UAPPLIER');
    const oldPlan = await served.plannedJobId();
    const mergedSha = commitFiles(repos.upstream, {
      'stacks/demo/db.tf': 'resource "terraform_data" "db" {\n  input = "v1"\n}\n',
    });
    await new Promise((resolve) => setTimeout(resolve, defaultReuseForMs));

    // Act
    await served.clickApply(oldPlan, 'local/demo', 'UAPPLIER');
    await served.slack.waitFor((calls) => calls.some((call) => call.method === 'response_url'), 30_000);
    await served.command('plan local/demo', 'UAPPLIER');
    const plannedMerge = (update: string) => update.includes('tf_apply') && update.includes(mergedSha.slice(0, 7));
    await served.slack.waitFor(() => served.updates().some(plannedMerge), 60_000);

    // Assess
    const refusal = served.slack.of('response_url').map((call) => JSON.stringify(call.body));
    expect(refusal.join('\n')).toContain(`but main is now at ${mergedSha.slice(0, 8)}. Plan again before applying.`);
    expect(served.updates().find(plannedMerge)).toContain('3 to add');
    expect(served.updates().some((update) => update.includes('*Apply*'))).toBe(false);
  }, 120_000);
});
