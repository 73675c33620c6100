import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { commitFiles, git, tempDir } from '../support/git-repo';
import { demoServeEnv, terraformDemoRepo } from '../support/serve-process';
import { e2eSigningSecret, type ServedBot, serveOverSlack } from '../support/serve-slack';
import { terraformRunningPlannedCode } from '../support/terraform-running-planned-code';

let bot: ServedBot | undefined;

afterEach(async () => {
  await bot?.stop();
  bot = undefined;
});

/**
 * The planned branch's code (an `external` data source would do), run by a bot started as root, as in a container:
 * bwrap keeps every capability of a root caller, so the build lazily unmounts the tmpfs that hides the state
 * directory, finds the real one under the writable `/tmp` (or remounts `/` read-write), copies the bot's store into
 * its own job directory and leaves a file where only the bot writes.
 */
const leaveTheSandbox = String.raw`
state="$(dirname "$(dirname "$INFRABOT_ARTIFACT_DIR")")"
umount -l "$state" 2> /dev/null || true
mount -o remount,rw / 2> /dev/null || true
ls "$state" > "$INFRABOT_WORK_DIR/seen" 2> /dev/null
echo "written by a plan build" > "$state/escaped" 2> /dev/null
true
`;

describe('a local plan build of a bot running as root', () => {
  it.runIf(process.getuid?.() === 0)(
    "cannot unmount what hides the state directory and write the bot's files, even when the bot runs as root",
    async () => {
      // Prepare: a member pushes a branch whose planned code tries to leave the sandbox
      const repos = terraformDemoRepo(['web'], { backend: 'default' });
      git(repos.upstream, 'checkout', '--quiet', '-b', 'feature/escape');
      commitFiles(repos.upstream, {
        'stacks/demo/extra.tf': 'resource "terraform_data" "extra" {\n  input = "x"\n}\n',
      });
      git(repos.upstream, 'checkout', '--quiet', 'main');
      const dir = tempDir('redteam-root-sandbox');
      const bin = terraformRunningPlannedCode();
      const served = await serveOverSlack((slackApiUrl) => ({
        ...demoServeEnv({ dir, repoDir: repos.clone, slackApiUrl, signingSecret: e2eSigningSecret }),
        PATH: `${bin}:${process.env.PATH}`,
        INFRABOT_BUILD_ENV: 'STANDIN_*',
        STANDIN_RUN_PLAN: leaveTheSandbox,
      }));
      bot = served;

      // Act: the member plans the branch
      await served.command('plan local/demo feature/escape', 'UALICE');
      await served.slack.waitFor(() => served.updates().some((update) => /succeeded|failed/.test(update)), 180_000);

      // Assess: nothing appeared in the state directory but what the bot wrote
      const escaped = join(dir, 'state', 'escaped');
      expect(existsSync(escaped) ? readFileSync(escaped, 'utf8') : 'nothing').toBe('nothing');
    },
    240_000,
  );
});
