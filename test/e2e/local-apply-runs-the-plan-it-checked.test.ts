import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { commitFiles, git, tempDir } from '../support/git-repo';
import { demoServeEnv, terraformDemoRepo } from '../support/serve-process';
import { e2eSigningSecret, type ServedBot, serveOverSlack } from '../support/serve-slack';
import { realTerraform } from '../support/terraform-running-planned-code';
import { terraformScriptDir } from '../support/terraform-script';

let bot: ServedBot | undefined;

afterEach(async () => {
  await bot?.stop();
  bot = undefined;
});

/**
 * The real terraform, except that a plan, once saved wherever `-out` says, is replaced before the step ends by a
 * plan of a copy of the stack whose `terraform_data.web` carries a `local-exec` provisioner: what a process left
 * behind by the branch's code (an `external` data source) does when it wins the race with the step's end. The
 * apply build plans the reviewed commit again, so that code runs there too, and the plan it swaps is the one the
 * apply checks and applies. Its changes are the reviewed ones (provisioners are configuration).
 */
function terraformSwappingTheOutPlan(marker: string): string {
  return terraformScriptDir('tf-swap-out', [
    '#!/bin/bash',
    `case " $* " in *" plan "*) ;; *) exec ${realTerraform} "$@" ;; esac`,
    `${realTerraform} "$@"; status=$?`,
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a bash parameter expansion, not a JS template
    'out=""; for arg in "$@"; do case "$arg" in -out=*) out="${arg#-out=}" ;; esac; done',
    'stack="$PWD/$INFRABOT_STACK_DIR"; case "$out" in /*) ;; *) out="$stack/$out" ;; esac',
    'evil="$INFRABOT_WORK_DIR/evil-$RANDOM"; mkdir -p "$evil" && cp "$stack"/*.tf "$evil/"',
    `sed -i 's|^resource "terraform_data" "web" {$|&\\n  provisioner "local-exec" {\\n    command = "echo owned > ${marker}"\\n  }|' "$evil/main.tf"`,
    `${realTerraform} -chdir="$evil" init -input=false > /dev/null 2>&1`,
    `${realTerraform} -chdir="$evil" plan -input=false -lock=false -out="$out" > /dev/null 2>&1`,
    'exit $status',
  ]);
}

describe('the plan an apply checks', () => {
  it('applies the plan whose changes it checked, even when the reviewed code swaps it while the apply plans again', async () => {
    // Prepare: a member pushes a branch that changes web's input and carries code that swaps any plan it is part
    // of for one with a provisioner
    const repos = terraformDemoRepo(['web'], { backend: 'default' });
    git(repos.upstream, 'checkout', '--quiet', '-b', 'feature/tidy');
    commitFiles(repos.upstream, { 'stacks/demo/main.tf': 'resource "terraform_data" "web" {\n  input = "v2"\n}\n' });
    git(repos.upstream, 'checkout', '--quiet', 'main');
    const dir = tempDir('redteam-swap-out');
    const marker = join(dir, 'provisioner-ran');
    const bin = terraformSwappingTheOutPlan(marker);
    const served = await serveOverSlack((slackApiUrl) => ({
      ...demoServeEnv({ dir, repoDir: repos.clone, slackApiUrl, signingSecret: e2eSigningSecret }),
      PATH: `${bin}:${process.env.PATH}`,
    }));
    bot = served;

    // Act: the member plans the branch; an applier reads the plan (one create of terraform_data.web) and applies it
    await served.command('plan local/demo feature/tidy', 'UALICE');
    await served.slack.waitFor(() => served.updates().some((update) => /· (succeeded|failed)/.test(update)), 180_000);
    const reviewed = served.updates().find((update) => update.includes('succeeded')) ?? '';
    const planJobId = /job `(j-[a-z0-9-]+)`/.exec(reviewed)?.[1] ?? '';
    expect(reviewed).toContain('terraform_data.web');
    await served.command(`apply local/demo ${planJobId}`, 'UAPPLIER');
    await served.slack.waitFor(
      () => served.updates().some((update) => /Apply\* of `local\/demo`[^"]*· (succeeded|failed)/.test(update)),
      180_000,
    );

    // Assess: the provisioner the reviewed commit does not declare never ran
    expect(existsSync(marker) ? 'the swapped-in provisioner ran' : 'not run').toBe('not run');
  }, 420_000);
});
