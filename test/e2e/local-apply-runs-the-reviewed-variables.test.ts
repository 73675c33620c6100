import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { commitFiles, git, tempDir } from '../support/git-repo';
import { applyDemo, planDemo } from '../support/plan-and-apply';
import { demoServeEnv, terraformDemoRepo } from '../support/serve-process';
import { e2eSigningSecret, type ServedBot, serveOverSlack } from '../support/serve-slack';
import { realTerraform, terraformChangingEachSavedPlan } from '../support/terraform-running-planned-code';

let bot: ServedBot | undefined;

afterEach(async () => {
  await bot?.stop();
  bot = undefined;
});

/**
 * The real terraform, except that a plan, once saved, is replaced by a plan of the very same directory made with
 * `-var` giving the stack's `greeting` another value: what the planned branch's code can do from the plan build.
 * The configuration saved inside the plan file is the checkout's, file for file, and its `resource_changes` are
 * the honest plan's (the variable feeds only a provisioner), so every check on the saved plan agrees with it; but
 * `terraform apply` evaluates the configuration with the variable values saved in the plan file.
 */
function terraformSavingAnotherVariable(value: string): string {
  return terraformChangingEachSavedPlan('tf-var', [
    `${realTerraform} -chdir="$INFRABOT_STACK_DIR" plan -input=false -lock=false -out=tfplan -var 'greeting=${value}' > /dev/null 2>&1`,
  ]);
}

describe('an applied plan and the reviewed variables', () => {
  it('applies with the variables the reviewed commit gives, never those saved in the plan file, and runs none of their commands', async () => {
    // Prepare: a member pushes a branch whose provisioner echoes a greeting; its plan is saved with another greeting
    const repos = terraformDemoRepo(['web'], { backend: 'default' });
    git(repos.upstream, 'checkout', '--quiet', '-b', 'feature/greet');
    commitFiles(repos.upstream, {
      'stacks/demo/main.tf': [
        'variable "greeting" {',
        '  type    = string',
        '  default = "hello"',
        '}',
        '',
        'resource "terraform_data" "web" {',
        '  input = "v2"',
        '  provisioner "local-exec" {',
        `    command = "echo \${var.greeting}"`,
        '  }',
        '}',
        '',
      ].join('\n'),
    });
    git(repos.upstream, 'checkout', '--quiet', 'main');
    const dir = tempDir('redteam-variables');
    const marker = join(dir, 'variable-ran');
    const bin = terraformSavingAnotherVariable(`hello > ${marker}`);
    const served = await serveOverSlack((slackApiUrl) => ({
      ...demoServeEnv({ dir, repoDir: repos.clone, slackApiUrl, signingSecret: e2eSigningSecret }),
      PATH: `${bin}:${process.env.PATH}`,
    }));
    bot = served;

    // Act: the member plans the branch; an applier reads the plan (one create of terraform_data.web) and applies it
    const { reviewed, planJobId } = await planDemo(served, 'feature/greet');
    expect(reviewed).toContain('terraform_data.web');
    const applied = await applyDemo(served, planJobId);

    // Assess: the command the reviewed commit does not say never ran: the apply planned the commit again
    expect(existsSync(marker) ? 'the variable from the plan build ran' : 'not run').toBe('not run');
    expect(applied).toMatch(/· succeeded/);
  }, 420_000);
});
