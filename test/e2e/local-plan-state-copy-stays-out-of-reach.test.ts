import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../support/git-repo';
import { demoServeEnv, standInServeEnv, standInTerraform, terraformDemoRepo } from '../support/serve-process';
import { e2eSigningSecret, type ServedBot, serveOverSlack } from '../support/serve-slack';
import { terraformRunningPlannedCode } from '../support/terraform-running-planned-code';

let bot: ServedBot | undefined;

afterEach(async () => {
  await bot?.stop();
  bot = undefined;
});

/**
 * First step of the planned code (`terraform init`, as a provider or module source would run it): the plan's copy
 * of its stack state lives in its own scratch, which it may write, and the runner binds that path again for every
 * following command. It puts a symbolic link to the state directory in its place.
 */
const linkTheCopy = String.raw`
scratch=$(dirname "$INFRABOT_WORK_DIR")
state=$(dirname "$(dirname "$INFRABOT_ARTIFACT_DIR")")
rm -rf "$scratch/tfstate" && ln -s "$state" "$scratch/tfstate"
true
`;

/**
 * Next step (`terraform plan`, as an `external` data source): at the stack state's path it now finds the whole
 * state directory, writable. It reports what it reaches and overwrites the real state an apply would use.
 */
const useTheStateDir = String.raw`
state=$(dirname "$(dirname "$INFRABOT_ARTIFACT_DIR")")
seen="$state/tfstate/local%2Fdemo"
[ -w "$seen/state.db" ] && echo "store writable" >> "$STANDIN_LEAK"
ls "$seen/jobs" 2> /dev/null | sed 's/^/job dir: /' >> "$STANDIN_LEAK"
printf 'forged state' > "$seen/tfstate/local%2Fdemo/terraform.tfstate" 2> /dev/null && echo "real state rewritten" >> "$STANDIN_LEAK"
true
`;

/**
 * The plan step of the chain, a Node script (any provider could do the same): every saved plan in the reached
 * state directory is replaced, and its digest in the store is made to match.
 */
const forgeReviewedPlans = String.raw`
const Database = require(process.env.STANDIN_SQLITE);
const { createHash } = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const state = path.dirname(path.dirname(process.env.INFRABOT_ARTIFACT_DIR));
const seen = path.join(state, 'tfstate', 'local%2Fdemo');
const db = new Database(path.join(seen, 'state.db'));
const forged = 'forged plan: destroy everything';
const digest = createHash('sha256').update(forged).digest('hex');
for (const { id } of db.prepare("SELECT id FROM jobs WHERE action = 'plan' AND status = 'succeeded'").all()) {
  fs.writeFileSync(path.join(seen, 'jobs', id, 'tfplan'), forged);
  db.prepare("UPDATE jobs SET plan_digest = json_set(plan_digest, '$.tfplan', ?) WHERE id = ?").run(digest, id);
}
`;

describe("a local plan and its copy of the stack's state", () => {
  it('keeps the state directory, the store and the real stack state out of a plan that swaps its state copy for a link', async () => {
    // Prepare: a stack on the default local backend (its state kept under the state directory); an earlier job
    // left its files; a workspace member's branch carries the two steps above
    const repos = terraformDemoRepo(['web'], { backend: 'default' });
    const dir = tempDir('overlay');
    const leak = join(tempDir('overlay-leak'), 'leak.txt');
    const served = await serveOverSlack((slackApiUrl) => ({
      ...standInServeEnv({ dir, repoDir: repos.clone, slackApiUrl, terraform: standInTerraform() }),
      SLACK_SIGNING_SECRET: e2eSigningSecret,
      SLACK_BOT_TOKEN: 'xoxb-overlay',
      STANDIN_LEAK: leak,
    }));
    bot = served;
    await served.command('plan local/demo', 'UBOB');
    await served.slack.waitFor(() => served.updates().some((update) => update.includes('succeeded')), 90_000);
    await bot.stop();

    const attacked = await serveOverSlack((slackApiUrl) => ({
      ...standInServeEnv({ dir, repoDir: repos.clone, slackApiUrl, terraform: standInTerraform() }),
      SLACK_SIGNING_SECRET: e2eSigningSecret,
      SLACK_BOT_TOKEN: 'xoxb-overlay',
      STANDIN_LEAK: leak,
      STANDIN_RUN_INIT: linkTheCopy,
      STANDIN_RUN_PLAN: useTheStateDir,
    }));
    bot = attacked;

    // Act
    await attacked.command('plan local/demo', 'UALICE');
    await attacked.slack.waitFor(() => attacked.updates().some((update) => /succeeded|failed/.test(update)), 90_000);

    // Assess: the plan reached nothing outside its own job, and the stack's real state is untouched
    const leaked = existsSync(leak) ? readFileSync(leak, 'utf8') : '';
    expect(leaked).toBe('');
    expect(existsSync(join(dir, 'state', 'tfstate', 'local%2Fdemo', 'terraform.tfstate'))).toBe(false);
  }, 240_000);
  it("applies the plan an applier reviewed, not one a later plan's code wrote over it through the linked state copy", async () => {
    // Prepare: Bob plans and the plan is reviewed; Alice's branch then links its state copy (init) and, from the
    // state directory it reaches, rewrites Bob's saved plan and its recorded digest in the store (plan), then fails
    const repos = terraformDemoRepo(['web'], { backend: 'default' });
    const dir = tempDir('overlay-chain');
    const applied = join(tempDir('overlay-applied'), 'applied.txt');
    const forge = join(tempDir('overlay-forge'), 'forge.cjs');
    writeFileSync(forge, forgeReviewedPlans);
    const bin = terraformRunningPlannedCode();
    const env = (slackApiUrl: string, attack: Record<string, string>) => ({
      ...demoServeEnv({ dir, repoDir: repos.clone, slackApiUrl, signingSecret: e2eSigningSecret }),
      PATH: `${bin}:${process.env.PATH}`,
      INFRABOT_BUILD_ENV: 'STANDIN_*',
      STANDIN_APPLIED: applied,
      STANDIN_RUN_APPLY: 'cat "$INFRABOT_WORK_DIR/plan/tfplan" >> "$STANDIN_APPLIED"',
      ...attack,
    });
    const first = await serveOverSlack((slackApiUrl) => env(slackApiUrl, {}));
    bot = first;
    await first.command('plan local/demo', 'UBOB');
    await first.slack.waitFor(() => first.updates().some((update) => update.includes('succeeded')), 90_000);
    const reviewed = first.updates().find((update) => update.includes('succeeded')) ?? '';
    const bobsPlan = /job `(j-[a-z0-9-]+)`/.exec(reviewed)?.[1] ?? '';
    await first.stop();
    const served = await serveOverSlack((slackApiUrl) =>
      env(slackApiUrl, {
        STANDIN_RUN_INIT: linkTheCopy,
        STANDIN_RUN_PLAN: `"$STANDIN_NODE" "$STANDIN_FORGE"`,
        STANDIN_EXIT_PLAN: '1',
        STANDIN_NODE: process.execPath,
        STANDIN_FORGE: forge,
        STANDIN_SQLITE: join(process.cwd(), 'node_modules', 'better-sqlite3'),
      }),
    );
    bot = served;
    await served.command('plan local/demo', 'UALICE');
    await served.slack.waitFor(() => served.updates().some((update) => update.includes('failed')), 90_000);

    // Act: the applier applies the plan they reviewed
    await served.command(`apply local/demo ${bobsPlan}`, 'UAPPLIER');
    await served.slack.waitFor(
      () => served.updates().some((update) => /Apply\* of `local\/demo`[^"]*· (succeeded|failed)/.test(update)),
      90_000,
    );

    // Assess: what reached terraform apply is the plan Bob's job saved, never Alice's
    expect(bobsPlan).not.toBe('');
    const appliedPlan = existsSync(applied) ? readFileSync(applied, 'utf8') : '';
    expect(appliedPlan).not.toContain('forged');
  }, 300_000);
});
