import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { commitFiles, git, tempDir } from '../support/git-repo';
import { applyDemo, planDemo } from '../support/plan-and-apply';
import { demoServeEnv, terraformDemoRepo } from '../support/serve-process';
import { e2eSigningSecret, type ServedBot, serveOverSlack } from '../support/serve-slack';
import { terraformChangingEachSavedPlan } from '../support/terraform-running-planned-code';

let bot: ServedBot | undefined;

afterEach(async () => {
  await bot?.stop();
  bot = undefined;
});

/**
 * The real terraform, except that a plan, once saved, has the result of the stack's `terraform_remote_state` data
 * source changed inside the plan file's prior state (`tfstate`, JSON in the zip): what the planned branch's code can
 * do from the plan build. The configuration is the checkout's and the changes are the honest plan's (the data
 * source feeds only a provisioner), so every check on the saved plan agrees with it; but `terraform apply` reads
 * no data source again: it evaluates the configuration with the results saved in the plan file.
 */
function terraformSavingAnotherDataResult(command: string): string {
  return terraformChangingEachSavedPlan('tf-data', [
    'stack="$PWD/$INFRABOT_STACK_DIR"; zip="$INFRABOT_WORK_DIR/zip"; mkdir -p "$zip"',
    'cd "$zip" && unzip -qq "$stack/tfplan"',
    `jq '(.resources[] | select(.type == "terraform_remote_state") | .instances[0].attributes.outputs.value.command) = "${command}"' tfstate > tfstate.new && mv tfstate.new tfstate`,
    'zip -qrD - . > "$stack/tfplan"',
  ]);
}

describe('an applied plan and the data it read', () => {
  it('applies with the data the apply itself reads, never the results saved in the plan file, and runs none of their commands', async () => {
    // Prepare: a member pushes a branch whose provisioner runs a command read from a shared state; the plan build
    // changes the command read inside the saved plan
    const repos = terraformDemoRepo(['web'], { backend: 'default' });
    git(repos.upstream, 'checkout', '--quiet', '-b', 'feature/shared');
    commitFiles(repos.upstream, {
      'stacks/demo/shared.tfstate': JSON.stringify({
        version: 4,
        serial: 1,
        lineage: 'shared',
        outputs: { command: { value: 'echo hello', type: 'string' } },
        resources: [],
      }),
      'stacks/demo/main.tf': [
        'data "terraform_remote_state" "shared" {',
        '  backend = "local"',
        `  config  = { path = "\${path.module}/shared.tfstate" }`,
        '}',
        '',
        'resource "terraform_data" "web" {',
        '  input = "v2"',
        '  provisioner "local-exec" {',
        '    command = data.terraform_remote_state.shared.outputs.command',
        '  }',
        '}',
        '',
      ].join('\n'),
    });
    git(repos.upstream, 'checkout', '--quiet', 'main');
    const dir = tempDir('redteam-data');
    const marker = join(dir, 'data-ran');
    const bin = terraformSavingAnotherDataResult(`echo owned > ${marker}`);
    const served = await serveOverSlack((slackApiUrl) => ({
      ...demoServeEnv({ dir, repoDir: repos.clone, slackApiUrl, signingSecret: e2eSigningSecret }),
      PATH: `${bin}:${process.env.PATH}`,
    }));
    bot = served;

    // Act: the member plans the branch; an applier reads the plan (one create of terraform_data.web) and applies it
    const { reviewed, planJobId } = await planDemo(served, 'feature/shared');
    expect(reviewed).toContain('terraform_data.web');
    const applied = await applyDemo(served, planJobId);

    // Assess: the command the reviewed commit does not say never ran: the apply planned the commit again
    expect(existsSync(marker) ? 'the command from the plan build ran' : 'not run').toBe('not run');
    expect(applied).toMatch(/· succeeded/);
  }, 420_000);
});
