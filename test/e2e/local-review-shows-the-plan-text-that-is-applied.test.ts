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
 * left that takes over the build's shell): the plan text it writes says the new value is a harmless one. The plan,
 * its `plan.json` and its changes are the real ones.
 */
function terraformDescribingAHarmlessValue(): string {
  return terraformScriptDir('tf-forge-text', [
    '#!/bin/bash',
    'case " $* " in',
    `  *" show -no-color tfplan "*) ${realTerraform} "$@" | sed 's/0.0.0.0\\/0/10.0.0.0\\/8/g'; exit ;;`,
    'esac',
    `exec ${realTerraform} "$@"`,
  ]);
}

describe('what reviewers read of a local plan', () => {
  it('shows reviewers the values that are applied, even when the planned branch’s code writes another plan text', async () => {
    // Prepare: main has terraform_data.web at v1; a branch opens it to the world, and its code makes the plan
    // text say the change is to a private range
    const repos = terraformDemoRepo(['web'], { backend: 'default' });
    git(repos.upstream, 'checkout', '--quiet', '-b', 'feature/cidr');
    commitFiles(repos.upstream, {
      'stacks/demo/main.tf': 'resource "terraform_data" "web" {\n  input = "0.0.0.0/0"\n}\n',
    });
    git(repos.upstream, 'checkout', '--quiet', 'main');
    const dir = tempDir('forged-text');
    const bin = terraformDescribingAHarmlessValue();
    const served = await serveOverSlack((slackApiUrl) => ({
      ...demoServeEnv({ dir, repoDir: repos.clone, slackApiUrl, signingSecret: e2eSigningSecret }),
      PATH: `${bin}:${process.env.PATH}`,
    }));
    bot = served;

    // Act: the member plans the branch; an applier reads the plan in Slack and applies it
    const { reviewed, planJobId } = await planDemo(served, 'feature/cidr');
    await applyDemo(served, planJobId);

    // Assess: what was applied is what reviewers were shown: either the review never showed the private range,
    // or the world-open value was never applied
    const statePath = join(dir, 'state', 'tfstate', 'local%2Fdemo', 'terraform.tfstate');
    const state = existsSync(statePath) ? readFileSync(statePath, 'utf8') : '';
    const shown = reviewed.includes('10.0.0.0/8') ? 'the review showed 10.0.0.0/8' : 'the review showed no other value';
    const applied = state.includes('0.0.0.0/0') ? 'applied 0.0.0.0/0' : 'applied nothing else';
    expect(`${shown}; ${applied}`).not.toBe('the review showed 10.0.0.0/8; applied 0.0.0.0/0');
  }, 420_000);
});
