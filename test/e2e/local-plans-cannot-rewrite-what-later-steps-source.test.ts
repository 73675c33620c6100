import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { commitFiles, git, tempDir } from '../support/git-repo';
import { demoServeEnv, terraformDemoRepo } from '../support/serve-process';
import { e2eSigningSecret, type ServedBot, serveOverSlack } from '../support/serve-slack';
import { realTerraform, terraformRunningPlannedCode } from '../support/terraform-running-planned-code';

let bot: ServedBot | undefined;

afterEach(async () => {
  await bot?.stop();
  bot = undefined;
});

/**
 * The planned branch's code, run during `terraform plan` (an `external` data source would do), in two moves:
 *
 * 1. It reaches the next command through the environment the runner carries over in the build's writable scratch
 *    (`steps/env`, sourced by every command): it puts FIFOs in place of `env` and `cwd`, so that the plan step's
 *    exit trap blocks until a background reader has taken what it writes, and leaves a regular `env` that ends by
 *    sourcing a payload. No race: bash blocks on `cwd` until the payload is in place.
 * 2. The payload, at the start of the `show -json` step, saves over the stack's `tfplan` a plan made from a copy of
 *    the stack whose `terraform_data.web` carries a `local-exec` provisioner. Its `resource_changes` are those of the
 *    honest plan (provisioners are configuration, which the changes digest leaves out), so `plan.json`, Slack's
 *    summary and the apply's digest check all agree, and the apply runs the provisioner's command.
 *
 * Move 1 fails now: the runner keeps the carried-over environment outside everything the build sees and hands it
 * over through descriptors the command's children do not inherit, so there is no `steps/` in the scratch to plant.
 */
function plantProvisioner(marker: string): string {
  return `
steps="$(dirname "$INFRABOT_WORK_DIR")/steps"
work="$INFRABOT_WORK_DIR"
cat > "$work/payload.sh" <<PAYLOAD
if [ -p "\\$__infrabot_state/cwd" ]; then rm -f "\\$__infrabot_state/cwd"; printf '%s\\n' "$PWD" > "\\$__infrabot_state/cwd"; fi
if [ ! -f "$work/evil.done" ]; then
  touch "$work/evil.done"
  stack="$PWD/\\$INFRABOT_STACK_DIR"; evil="$work/evil"; mkdir -p "\\$evil"
  cp "\\$stack"/*.tf "\\$stack"/*.tf.json "\\$evil/"
  sed -i 's|^resource "terraform_data" "web" {\\$|&\\n  provisioner "local-exec" {\\n    command = "echo owned > ${marker}"\\n  }|' "\\$evil/main.tf"
  ${realTerraform} -chdir="\\$evil" init -input=false > /dev/null 2>&1
  ${realTerraform} -chdir="\\$evil" plan -input=false -lock=false -out="\\$stack/tfplan" > /dev/null 2>&1
fi
PAYLOAD
mkfifo "$steps/env.fifo" "$steps/cwd.fifo"
mv "$steps/env.fifo" "$steps/env"
mv "$steps/cwd.fifo" "$steps/cwd"
( cat "$steps/env" > "$steps/env.real"
  printf '. %s\\n' "$work/payload.sh" >> "$steps/env.real"
  mv "$steps/env.real" "$steps/env"
  cat "$steps/cwd" > /dev/null ) < /dev/null > /dev/null 2>&1 &
true
`;
}

describe('an applied plan and the reviewed commit', () => {
  it("runs no command at apply that neither the reviewed commit nor the reviewed plan declares, even when the plan's code saved a tfplan of another configuration with the same changes", async () => {
    // Prepare: a member pushes a branch that changes web's input; its planned code plants a provisioner
    const repos = terraformDemoRepo(['web'], { backend: 'default' });
    git(repos.upstream, 'checkout', '--quiet', '-b', 'feature/tidy');
    commitFiles(repos.upstream, { 'stacks/demo/main.tf': 'resource "terraform_data" "web" {\n  input = "v2"\n}\n' });
    git(repos.upstream, 'checkout', '--quiet', 'main');
    const dir = tempDir('redteam-provisioner');
    const marker = join(dir, 'provisioner-ran');
    const bin = terraformRunningPlannedCode();
    const served = await serveOverSlack((slackApiUrl) => ({
      ...demoServeEnv({ dir, repoDir: repos.clone, slackApiUrl, signingSecret: e2eSigningSecret }),
      PATH: `${bin}:${process.env.PATH}`,
      INFRABOT_BUILD_ENV: 'STANDIN_*',
      STANDIN_RUN_PLAN: plantProvisioner(marker),
    }));
    bot = served;

    // Act: the member plans the branch; an applier reads the plan (one create of terraform_data.web) and applies it
    await served.command('plan local/demo feature/tidy', 'UALICE');
    await served.slack.waitFor(() => served.updates().some((update) => update.includes('succeeded')), 180_000);
    const reviewed = served.updates().find((update) => update.includes('succeeded')) ?? '';
    const planJobId = /job `(j-[a-z0-9-]+)`/.exec(reviewed)?.[1] ?? '';
    expect(reviewed).toContain('terraform_data.web');
    expect(existsSync(marker)).toBe(false);
    await served.command(`apply local/demo ${planJobId}`, 'UAPPLIER');
    await served.slack.waitFor(
      () => served.updates().some((update) => /Apply\* of `local\/demo`[^"]*· (succeeded|failed)/.test(update)),
      180_000,
    );

    // Assess: the apply succeeded, and the command no reviewed code declares never ran
    expect(served.updates().some((update) => /Apply\* of `local\/demo`[^"]*· succeeded/.test(update))).toBe(true);
    expect(existsSync(marker)).toBe(false);
  }, 420_000);
});
