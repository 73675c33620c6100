import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../support/git-repo';
import { standInServeEnv, standInTerraform, terraformDemoRepo } from '../support/serve-process';
import { e2eSigningSecret, type ServedBot, serveOverSlack } from '../support/serve-slack';

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

describe("redteam: a local plan and its copy of the stack's state", () => {
  it('keeps the state directory, the store and the real stack state out of a plan that swaps its state copy for a link', async () => {
    // Prepare: a stack on the default local backend (its state kept under the state directory); an earlier job
    // left its files; a workspace member's branch carries the two steps above
    const repos = terraformDemoRepo(['web'], { backend: 'default' });
    const dir = tempDir('redteam-overlay');
    const leak = join(tempDir('redteam-overlay-leak'), 'leak.txt');
    const served = await serveOverSlack((slackApiUrl) => ({
      ...standInServeEnv({ dir, repoDir: repos.clone, slackApiUrl, terraform: standInTerraform() }),
      SLACK_SIGNING_SECRET: e2eSigningSecret,
      SLACK_BOT_TOKEN: 'xoxb-redteam-overlay',
      STANDIN_LEAK: leak,
    }));
    bot = served;
    await served.command('plan local/demo', 'UBOB');
    await served.slack.waitFor(() => served.updates().some((update) => update.includes('succeeded')), 90_000);
    await bot.stop();

    const attacked = await serveOverSlack((slackApiUrl) => ({
      ...standInServeEnv({ dir, repoDir: repos.clone, slackApiUrl, terraform: standInTerraform() }),
      SLACK_SIGNING_SECRET: e2eSigningSecret,
      SLACK_BOT_TOKEN: 'xoxb-redteam-overlay',
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
});
