import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { git, tempDir } from '../support/git-repo';
import { standInServeEnv, standInTerraform, terraformDemoRepo } from '../support/serve-process';
import { e2eSigningSecret, type ServedBot, serveOverSlack } from '../support/serve-slack';

let bot: ServedBot | undefined;

afterEach(async () => {
  await bot?.stop();
  bot = undefined;
});

/**
 * What a planned branch's code tries (run by the stand-in terraform's plan, as an `external` data source would):
 * every way it knows to the bot's secrets, its store and its clone, writing whatever it reaches to `$STANDIN_LEAK`.
 */
const attack = String.raw`
leak="$STANDIN_LEAK"; echo "attack ran" >> "$leak"
state=$(dirname "$(dirname "$INFRABOT_ARTIFACT_DIR")")
common=$(git rev-parse --path-format=absolute --git-common-dir 2> /dev/null)
for p in /proc/[0-9]*; do
  tr '\0' '\n' < "$p/environ" 2> /dev/null | grep -E '^(SLACK_SIGNING_SECRET|SLACK_BOT_TOKEN|GITHUB_TOKEN)=' >> "$leak"
  [ -r "$p/root$state/state.db" ] && echo "store through $p/root" >> "$leak"
  [ -r "$p/cwd/.env" ] && cat "$p/cwd/.env" >> "$leak"
  [ -n "$common" ] && echo 'touch /tmp/pwned' 2> /dev/null > "$p/root$common/hooks/post-checkout" && echo "hook through $p/root" >> "$leak"
done
cat "$STANDIN_BOT_DOTENV" >> "$leak" 2> /dev/null
true
`;

/** A TCP port nothing listens on now, for a console the attack below must find without being told. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Planned code that asks the operators' console on loopback for its pages and posts it a command. */
const consoleAttack = `
base="http://127.0.0.1:$STANDIN_CONSOLE_PORT"
node -e '
const base = process.argv[1];
const asks = ["/", "/audit", "/jobs", "/console/feed"].map((path) => fetch(base + path).then((r) => r.status));
asks.push(fetch(base + "/console/command", { method: "POST", headers: { "content-type": "application/json" },
  body: JSON.stringify({ user: "UAPPLIER", text: "/tf apply local/demo" }) }).then((r) => r.status));
Promise.all(asks).then((statuses) => console.log(statuses.join(" ")), (error) => console.log("unreached", error));
' "$base" >> "$STANDIN_LEAK"
`;

describe('a local build under infrabot serve, as an attacker', () => {
  it("reads nothing of the operators' console on loopback, and acts in it in no one's name", async () => {
    // Prepare: a Slack bot with its console beside it (INFRABOT_CONSOLE=1); the planned code knows its port
    const repos = terraformDemoRepo();
    const dir = tempDir('e2e-console-attack');
    const leak = join(tempDir('e2e-console-leak'), 'leak.txt');
    const port = await freePort();
    const served = await serveOverSlack((slackApiUrl) => ({
      ...standInServeEnv({ dir, repoDir: repos.clone, slackApiUrl, terraform: standInTerraform() }),
      SLACK_SIGNING_SECRET: e2eSigningSecret,
      SLACK_BOT_TOKEN: 'xoxb-e2e-console',
      INFRABOT_CONSOLE: '1',
      INFRABOT_CONSOLE_PORT: String(port),
      STANDIN_CONSOLE_PORT: String(port),
      STANDIN_LEAK: leak,
      STANDIN_RUN_PLAN: consoleAttack,
    }));
    bot = served;

    // Act
    await served.command('plan local/demo', 'UALICE');
    await served.slack.waitFor(() => served.updates().some((update) => update.includes('succeeded')), 60_000);

    // Assess: the console answered the build, and refused it everything
    expect(readFileSync(leak, 'utf8')).toBe('401 401 401 401 401\n');
  }, 90_000);

  it("reaches none of the bot's process, secrets, .env, store or clone from a planned branch's code", async () => {
    // Prepare: the bot runs from its own directory, holding the .env its secrets came from; the planned code
    // attacks through /proc and through the .env's path
    const repos = terraformDemoRepo();
    const botDir = tempDir('e2e-bot-dir');
    const secrets = {
      SLACK_SIGNING_SECRET: e2eSigningSecret,
      SLACK_BOT_TOKEN: 'xoxb-e2e-confined',
      GITHUB_TOKEN: 'ghp_e2e-confined',
    };
    const dotenv = join(botDir, '.env');
    writeFileSync(
      dotenv,
      Object.entries(secrets)
        .map(([name, value]) => `${name}=${value}\n`)
        .join(''),
    );
    const leak = join(tempDir('e2e-confine-leak'), 'leak.txt');
    const served = await serveOverSlack(
      (slackApiUrl) => ({
        ...standInServeEnv({ dir: botDir, repoDir: repos.clone, slackApiUrl, terraform: standInTerraform() }),
        ...secrets,
        STANDIN_LEAK: leak,
        STANDIN_BOT_DOTENV: dotenv,
        STANDIN_RUN_PLAN: attack,
      }),
      { cwd: botDir },
    );
    bot = served;

    // Act
    await served.command('plan local/demo', 'UALICE');
    await served.slack.waitFor(() => served.updates().some((update) => update.includes('succeeded')), 60_000);

    // Assess: the attack ran and found nothing
    expect(readFileSync(leak, 'utf8')).toBe('attack ran\n');
    expect(existsSync(join(repos.clone, '.git', 'hooks', 'post-checkout'))).toBe(false);
    expect(git(repos.clone, 'status', '--porcelain')).toBe('');
  }, 90_000);

  it("posts nothing from outside its job when a failed build links its log and plan text to the bot's /proc/self/environ", async () => {
    // Prepare: the planned code replaces its log and plan text with links to the bot's own environment, then fails
    const repos = terraformDemoRepo();
    const dir = tempDir('e2e-links');
    const link = 'for f in log.txt plan.txt; do ln -sf /proc/self/environ "$INFRABOT_ARTIFACT_DIR/$f"; done';
    const served = await serveOverSlack((slackApiUrl) => ({
      ...standInServeEnv({ dir, repoDir: repos.clone, slackApiUrl, terraform: standInTerraform() }),
      SLACK_SIGNING_SECRET: e2eSigningSecret,
      SLACK_BOT_TOKEN: 'xoxb-e2e-links',
      STANDIN_RUN_PLAN: link,
      STANDIN_EXIT_PLAN: '1',
    }));
    bot = served;

    // Act
    await served.command('plan local/demo', 'UALICE');
    await served.slack.waitFor(() => served.updates().some((update) => update.includes('failed')), 60_000);

    // Assess: the job failed, and nothing of the bot's environment reached Slack
    const posted = JSON.stringify(served.slack.calls);
    expect(posted).toContain('build step failed');
    expect(posted).not.toContain('SLACK_SIGNING_SECRET');
    expect(posted).not.toContain('INFRABOT_REPO_DIR');
  }, 90_000);
});
