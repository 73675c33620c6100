import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteStore } from '../../adapters/local/sqlite-store';
import { tempDir } from '../support/git-repo';
import { demoServeEnv, terraformDemoRepo } from '../support/serve-process';
import { e2eSigningSecret, type ServedBot, serveOverSlack } from '../support/serve-slack';

let bot: ServedBot | undefined;

afterEach(async () => {
  await bot?.stop();
  bot = undefined;
});

describe('infrabot serve and a saved plan changed on disk', () => {
  it('fails the Apply click of a plan whose tfplan was rewritten after it ended, says why, audits it and applies nothing', async () => {
    // Prepare: a real plan from Slack, then its saved plan is rewritten on disk
    const repos = terraformDemoRepo(['web'], { backend: 'default' });
    const dir = tempDir('e2e-forged-plan');
    const state = join(dir, 'state', 'state.db');
    const served = await serveOverSlack((slackApiUrl) =>
      demoServeEnv({ dir, repoDir: repos.clone, slackApiUrl, signingSecret: e2eSigningSecret }),
    );
    bot = served;
    await served.command('plan local/demo', 'UAPPLIER');
    const planJobId = await served.plannedJobId();
    const tfplan = join(dir, 'state', 'jobs', planJobId, 'tfplan');
    expect(existsSync(tfplan)).toBe(true);
    writeFileSync(tfplan, 'forged plan');

    // Act
    await served.clickApply(planJobId, 'local/demo', 'UAPPLIER');

    // Assess: the apply fails with the reason, the audit says so, and the stack has no state
    await served.slack.waitFor(
      () => served.updates().some((update) => update.includes('changed after its plan ended')),
      60_000,
    );
    const store = new SqliteStore(state);
    const audit = await store.listAudit({ limit: 20, target: 'local/demo' });
    store.close();
    expect(audit.find((entry) => entry.outcome === 'failed')?.detail).toContain(
      `the saved plan of ${planJobId} changed after its plan ended`,
    );
    expect(served.updates().some((update) => update.includes('Apply complete'))).toBe(false);
    expect(existsSync(join(dir, 'state', 'tfstate', 'local%2Fdemo', 'terraform.tfstate'))).toBe(false);
  }, 120_000);
});
