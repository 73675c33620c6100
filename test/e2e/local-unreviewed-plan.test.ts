import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteStore } from '../../adapters/local/sqlite-store';
import { tempDir } from '../support/git-repo';
import { demoServeEnv, terraformDemoRepo } from '../support/serve-process';
import { e2eSigningSecret, type ServedBot, serveOverSlack } from '../support/serve-slack';
import { terraformScriptDir } from '../support/terraform-script';

let bot: ServedBot | undefined;

afterEach(async () => {
  await bot?.stop();
  bot = undefined;
});

/** What the plan build's `show -json` says once the plan's code has had its way: a harmless resource, not the real one. */
const harmless = JSON.stringify({
  format_version: '1.2',
  resource_changes: [
    {
      address: 'terraform_data.harmless',
      mode: 'managed',
      type: 'terraform_data',
      name: 'harmless',
      change: { actions: ['create'], before: null, after: {}, after_unknown: {} },
    },
  ],
});

/**
 * The real terraform, except that in a plan build (no `INFRABOT_PLAN_DIGEST`) `show -json` describes the harmless
 * plan: what a plan's code that replaced the `terraform` later steps call leaves reviewers to read.
 */
function terraformThatLiesInPlanBuilds(): string {
  return terraformScriptDir('e2e-lying-terraform', [
    '#!/bin/sh',
    'case " $* " in',
    `  *" show -json "*) [ -n "$INFRABOT_PLAN_DIGEST" ] || { echo '${harmless}'; exit 0; } ;;`,
    'esac',
    'exec /usr/local/bin/terraform "$@"',
  ]);
}

describe('infrabot serve and a plan whose plan.json is not what its tfplan does', () => {
  it('fails the Apply click of a plan whose plan.json does not describe its tfplan, says why, audits it and applies nothing', async () => {
    // Prepare: a real plan from Slack, whose build described a harmless plan to reviewers
    const repos = terraformDemoRepo(['web'], { backend: 'default' });
    const dir = tempDir('e2e-unreviewed-plan');
    const bin = terraformThatLiesInPlanBuilds();
    const served = await serveOverSlack((slackApiUrl) => ({
      ...demoServeEnv({ dir, repoDir: repos.clone, slackApiUrl, signingSecret: e2eSigningSecret }),
      PATH: `${bin}:${process.env.PATH}`,
    }));
    bot = served;
    await served.command('plan local/demo', 'UAPPLIER');
    const planJobId = await served.plannedJobId();

    // Act
    await served.clickApply(planJobId, 'local/demo', 'UAPPLIER');

    // Assess: the apply fails with the reason, the audit says so, and the stack has no state
    const reason = "planned again from the reviewed commit, the stack's changes are not those reviewed";
    await served.slack.waitFor(() => served.updates().some((update) => update.includes(reason)), 60_000);
    const store = new SqliteStore(join(dir, 'state', 'state.db'));
    const audit = await store.listAudit({ limit: 20, target: 'local/demo' });
    store.close();
    expect(audit.find((entry) => entry.outcome === 'failed')?.detail).toContain(reason);
    expect(served.updates().some((update) => update.includes('Apply complete'))).toBe(false);
    expect(existsSync(join(dir, 'state', 'tfstate', 'local%2Fdemo', 'terraform.tfstate'))).toBe(false);
  }, 120_000);
});
