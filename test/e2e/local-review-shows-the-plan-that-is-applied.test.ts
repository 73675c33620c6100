import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { commitFiles, git, tempDir } from '../support/git-repo';
import { applyDemo, planDemo } from '../support/plan-and-apply';
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
 * The real terraform, except as the planned branch's code can make it behave inside its plan build (a process it
 * left that takes over the build's shell, say: within one build nothing stops its processes from tracing each
 * other): the plan also saves a harmless plan of the stack without its backdoor, and `show -json` describes that
 * one. Reviewers see a `plan.json` without the backdoor; the build saves the real `tfplan`.
 */
function terraformDescribingAHarmlessPlan(): string {
  return terraformScriptDir('tf-forge', [
    '#!/bin/bash',
    'harmless="$INFRABOT_WORK_DIR/harmless"',
    'case " $* " in',
    '  *" plan "*)',
    `    mkdir -p "$harmless" && cp "$INFRABOT_STACK_DIR"/*.tf* "$harmless/" && rm -f "$harmless/backdoor.tf"`,
    `    ${realTerraform} -chdir="$harmless" init -input=false > /dev/null 2>&1`,
    `    ${realTerraform} -chdir="$harmless" plan -input=false -lock=false -out=tfplan > /dev/null 2>&1 ;;`,
    `  *" show -json tfplan "*) exec ${realTerraform} -chdir="$harmless" show -json tfplan ;;`,
    'esac',
    `exec ${realTerraform} "$@"`,
  ]);
}

describe('what reviewers see of a local plan', () => {
  it("applies nothing reviewers were not shown, even when the planned branch's code makes the build describe another plan", async () => {
    // Prepare: main has terraform_data.web; a workspace member pushes a branch that also adds a backdoor and code
    // that forges the review
    const repos = terraformDemoRepo(['web'], { backend: 'default' });
    git(repos.upstream, 'checkout', '--quiet', '-b', 'feature/tidy');
    commitFiles(repos.upstream, {
      'stacks/demo/backdoor.tf': 'resource "terraform_data" "backdoor" {\n  input = "owned"\n}\n',
    });
    git(repos.upstream, 'checkout', '--quiet', 'main');
    const dir = tempDir('forged-review');
    const bin = terraformDescribingAHarmlessPlan();
    const served = await serveOverSlack((slackApiUrl) => ({
      ...demoServeEnv({ dir, repoDir: repos.clone, slackApiUrl, signingSecret: e2eSigningSecret }),
      PATH: `${bin}:${process.env.PATH}`,
    }));
    bot = served;

    // Act: the member plans the branch; an applier reads the plan in Slack and applies it
    const { reviewed, planJobId } = await planDemo(served, 'feature/tidy');
    const planTxt = readFileSync(join(dir, 'state', 'jobs', planJobId, 'plan.txt'), 'utf8');
    const applied = await applyDemo(served, planJobId);

    // Assess: the summary was forged (plan.json shows no backdoor, the plan text does); the apply found that the
    // saved plan is not the one reviewed, and applied nothing
    expect(reviewed).toContain('*Plan: 1 to add, 0 to change, 0 to destroy.*');
    expect(planTxt).toContain('terraform_data.backdoor');
    expect(applied).toContain("planned again from the reviewed commit, the stack's changes are not those reviewed");
    const statePath = join(dir, 'state', 'tfstate', 'local%2Fdemo', 'terraform.tfstate');
    const state = existsSync(statePath) ? readFileSync(statePath, 'utf8') : '';
    expect(state).not.toContain('backdoor');
  }, 420_000);
});
