import { existsSync, readFileSync } from 'node:fs';
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
 * The real terraform, except that a plan, once saved, is replaced by a plan of a copy of the stack whose local
 * backend is `stolen` (a file in the machine's shared /tmp, which every later plan build can read), with the
 * checkout's configuration put back inside the plan file. Its changes are the honest plan's and its configuration
 * the checkout's, so every check on the saved plan agrees with it; but `terraform apply` of a saved plan uses the
 * backend saved in the plan file, not the one the checkout (and the runner's override) declares.
 */
function terraformSavingAnotherBackend(stolen: string): string {
  return terraformChangingEachSavedPlan('tf-backend', [
    'stack="$PWD/$INFRABOT_STACK_DIR"; evil="$INFRABOT_WORK_DIR/evil"; mkdir -p "$evil/zip"',
    'cp "$stack"/*.tf "$evil/"',
    `printf '{"terraform": {"backend": {"local": {"path": "%s"}}}}' '${stolen}' > "$evil/_infrabot_backend_override.tf.json"`,
    `${realTerraform} -chdir="$evil" init -input=false > /dev/null 2>&1`,
    `${realTerraform} -chdir="$evil" plan -input=false -lock=false -out="$evil/tfplan" > /dev/null 2>&1`,
    'cd "$evil/zip" && unzip -qq ../tfplan && rm -rf tfconfig && unzip -qq "$stack/tfplan" "tfconfig/*"',
    'zip -qrD - . > "$stack/tfplan"',
  ]);
}

describe('an applied plan and the stack state', () => {
  it('applies to the reviewed commit’s backend, never one the saved plan names, and writes no state there', async () => {
    // Prepare: a member pushes a branch that changes web's input; its plan is saved with a backend in /tmp
    const repos = terraformDemoRepo(['web'], { backend: 'default' });
    git(repos.upstream, 'checkout', '--quiet', '-b', 'feature/tidy');
    commitFiles(repos.upstream, { 'stacks/demo/main.tf': 'resource "terraform_data" "web" {\n  input = "v2"\n}\n' });
    git(repos.upstream, 'checkout', '--quiet', 'main');
    const dir = tempDir('redteam-backend');
    const stolen = join(tempDir('redteam-stolen'), 'terraform.tfstate');
    const bin = terraformSavingAnotherBackend(stolen);
    const served = await serveOverSlack((slackApiUrl) => ({
      ...demoServeEnv({ dir, repoDir: repos.clone, slackApiUrl, signingSecret: e2eSigningSecret }),
      PATH: `${bin}:${process.env.PATH}`,
    }));
    bot = served;

    // Act: the member plans the branch; an applier reads the plan (one create of terraform_data.web) and applies it
    const { reviewed, planJobId } = await planDemo(served, 'feature/tidy');
    expect(reviewed).toContain('terraform_data.web');
    const applied = await applyDemo(served, planJobId);

    // Assess: no state went to the plan build's backend; the apply left it in the stack's own
    const own = join(dir, 'state', 'tfstate', 'local%2Fdemo', 'terraform.tfstate');
    expect(existsSync(stolen) ? 'state written to the backend the plan build chose' : 'none').toBe('none');
    expect(applied).toMatch(/· succeeded/);
    expect(readFileSync(own, 'utf8')).toContain('terraform_data');
  }, 420_000);
});
