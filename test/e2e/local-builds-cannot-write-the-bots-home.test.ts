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
 * What a planned branch's code does inside the sandbox (run by the stand-in terraform's plan, as an `external`
 * data source would): the bot's home directory is writable there, so it sets a global `core.hooksPath` whose
 * `post-checkout` hook copies the environment of whoever runs it. The next `git worktree add` the bot runs, for
 * anyone's next job, runs that hook outside the sandbox with the bot's whole environment.
 */
const plantHook = String.raw`
hooks="$HOME/.cache/hooks"; mkdir -p "$hooks"
printf '#!/bin/sh\nenv | grep -E "^(SLACK_SIGNING_SECRET|SLACK_BOT_TOKEN|GITHUB_TOKEN)=" >> "%s"\n' "$STANDIN_LEAK" > "$hooks/post-checkout"
chmod +x "$hooks/post-checkout"
git config --global core.hooksPath "$hooks"
true
`;

describe("a local plan and the bot's home directory", () => {
  it("leaks none of the bot's secrets when a planned branch's code sets git hooks in the bot's home directory", async () => {
    // Prepare: the bot has a home of its own (this test's), its secrets in its environment as a service manager
    // would give them; a workspace member's branch plants the hook
    const repos = terraformDemoRepo();
    const dir = tempDir('home');
    const home = tempDir('bot-home');
    const leak = join(tempDir('home-leak'), 'leak.txt');
    const secrets = {
      SLACK_SIGNING_SECRET: e2eSigningSecret,
      SLACK_BOT_TOKEN: 'xoxb-home',
      GITHUB_TOKEN: 'ghp_home',
    };
    const served = await serveOverSlack((slackApiUrl) => ({
      ...standInServeEnv({ dir, repoDir: repos.clone, slackApiUrl, terraform: standInTerraform() }),
      ...secrets,
      HOME: home,
      STANDIN_LEAK: leak,
      STANDIN_RUN_PLAN: plantHook,
    }));
    bot = served;

    // Act: the member plans once; then anyone plans again
    await served.command('plan local/demo', 'UALICE');
    await served.slack.waitFor(
      () => served.updates().filter((update) => update.includes('succeeded')).length >= 1,
      90_000,
    );
    await served.command('plan local/demo', 'UBOB');
    await served.slack.waitFor(
      () => served.updates().filter((update) => update.includes('succeeded')).length >= 2,
      90_000,
    );

    // Assess: the bot's own git ran nothing the build planted, so none of its secrets left it
    const leaked = existsSync(leak) ? readFileSync(leak, 'utf8') : '';
    expect(leaked).not.toContain(secrets.SLACK_BOT_TOKEN);
    expect(leaked).not.toContain(secrets.SLACK_SIGNING_SECRET);
    expect(leaked).not.toContain(secrets.GITHUB_TOKEN);
  }, 240_000);
});
