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
 * The real terraform, except that a plan, once saved, is replaced before the step ends by a plan of a copy of the
 * stack whose `terraform_data.web` carries a `local-exec` provisioner: what a process left behind by the planned
 * branch's code (an `external` data source) does when it wins the race with the step's end. Its `resource_changes`
 * are those of the honest plan (provisioners are configuration, which the changes digest leaves out), so
 * `plan.json`, Slack's summary, the recorded SHA-256 and the apply's changes check all agree with it; and
 * `terraform apply` runs the configuration saved inside the plan file, not the checkout's.
 */
function terraformSwappingInAProvisioner(marker: string): string {
  return terraformChangingEachSavedPlan('tf-swap', [
    'stack="$PWD/$INFRABOT_STACK_DIR"; evil="$INFRABOT_WORK_DIR/evil"; mkdir -p "$evil"',
    'cp "$stack"/*.tf "$evil/"',
    `sed -i 's|^resource "terraform_data" "web" {$|&\\n  provisioner "local-exec" {\\n    command = "echo owned > ${marker}"\\n  }|' "$evil/main.tf"`,
    realTerraform + ' -chdir="$evil" init -input=false > /dev/null 2>&1',
    realTerraform + ' -chdir="$evil" plan -input=false -lock=false -out="$stack/tfplan" > /dev/null 2>&1',
  ]);
}

/**
 * The real terraform, except that a plan, once saved, has its `main.tf` replaced inside the plan file by a zip entry
 * marked as a symbolic link. Terraform reads an entry's bytes whatever it is marked: here a web with a `local-exec`
 * provisioner, between two `//` comment lines. `unzip` makes the entry a link whose target is those same bytes read
 * as a path: `<outside>/x⏎resource …⏎//main.tf`, a directory this build makes in the shared /tmp, holding a copy of
 * the checkout's `main.tf`. So the file the apply's check compares is the checkout's, and the file terraform runs
 * is not.
 */
function terraformLinkingTheSavedConfiguration(outside: string, marker: string): string {
  return terraformChangingEachSavedPlan('tf-link', [
    'stack="$PWD/$INFRABOT_STACK_DIR"; zip="$INFRABOT_WORK_DIR/zip"; mkdir -p "$zip" && cd "$zip" && unzip -qq "$stack/tfplan"',
    `hcl='/${outside}/x`,
    'resource "terraform_data" "web" {',
    '  input = "v2"',
    '  provisioner "local-exec" {',
    `    command = "echo owned > ${marker}"`,
    '  }',
    '}',
    "//main.tf'",
    // biome-ignore lint/suspicious/noTemplateCurlyInString: bash parameter expansions, not a JS template
    'honest="${hcl#/}"; mkdir -p "${honest%/main.tf}" && cp tfconfig/m-/main.tf "$honest"',
    'rm tfconfig/m-/main.tf && ln -s "$hcl" tfconfig/m-/main.tf && zip -qryD - . > "$stack/tfplan"',
  ]);
}

/** The bot over the demo repository where a member pushed feature/tidy (web's input v2), with `bin` first on PATH. */
async function serveTidyBranch(dir: string, bin: string): Promise<ServedBot> {
  const repos = terraformDemoRepo(['web'], { backend: 'default' });
  git(repos.upstream, 'checkout', '--quiet', '-b', 'feature/tidy');
  commitFiles(repos.upstream, { 'stacks/demo/main.tf': 'resource "terraform_data" "web" {\n  input = "v2"\n}\n' });
  git(repos.upstream, 'checkout', '--quiet', 'main');
  const served = await serveOverSlack((slackApiUrl) => ({
    ...demoServeEnv({ dir, repoDir: repos.clone, slackApiUrl, signingSecret: e2eSigningSecret }),
    PATH: `${bin}:${process.env.PATH}`,
  }));
  bot = served;
  return served;
}

describe('an applied plan and the reviewed commit', () => {
  it("applies the reviewed commit's configuration, never the one saved in the plan file, even when the saved plan's changes are the reviewed ones", async () => {
    // Prepare: a member pushes a branch that changes web's input; its plan is swapped for one with a provisioner
    const dir = tempDir('redteam-provisioner');
    const marker = join(dir, 'provisioner-ran');
    const bin = terraformSwappingInAProvisioner(marker);
    const served = await serveTidyBranch(dir, bin);

    // Act: the member plans the branch; an applier reads the plan (one create of terraform_data.web) and applies it
    const { reviewed, planJobId } = await planDemo(served, 'feature/tidy');
    expect(reviewed).toContain('terraform_data.web');
    expect(existsSync(marker)).toBe(false);
    const applied = await applyDemo(served, planJobId);

    // Assess: the apply planned the commit again and applied that plan: the command no reviewed code declares never ran
    expect(existsSync(marker) ? 'the provisioner ran' : 'not run').toBe('not run');
    expect(applied).toMatch(/· succeeded/);
    expect(existsSync(marker)).toBe(false);
  }, 420_000);

  it('applies the reviewed commit’s configuration when the saved one holds a link, which terraform reads as the file it is not', async () => {
    // Prepare: a member pushes a branch that changes web's input; its saved plan's main.tf becomes a linked entry
    const dir = tempDir('redteam-zip-link');
    const marker = join(dir, 'provisioner-ran');
    const bin = terraformLinkingTheSavedConfiguration(tempDir('redteam-zip-link-target'), marker);
    const served = await serveTidyBranch(dir, bin);

    // Act: the member plans the branch; an applier reads the plan (one create of terraform_data.web) and applies it
    const { reviewed, planJobId } = await planDemo(served, 'feature/tidy');
    expect(reviewed).toContain('terraform_data.web');
    const applied = await applyDemo(served, planJobId);

    // Assess
    expect(existsSync(marker) ? 'the provisioner ran' : 'not run').toBe('not run');
    expect(applied).toMatch(/· succeeded/);
  }, 420_000);

  it('applies a stack whose modules (a local one, and one nested in it) are the reviewed commit’s, as planned', async () => {
    // Prepare: the stack calls a module of the repository, which calls one of its own
    const repos = terraformDemoRepo(['web'], { backend: 'default' });
    commitFiles(repos.upstream, {
      'stacks/demo/main.tf': 'module "box" {\n  source = "../../modules/box"\n}\n',
      'modules/box/main.tf':
        'resource "terraform_data" "box" {\n  input = "v1"\n}\n\nmodule "lid" {\n  source = "./lid"\n}\n',
      'modules/box/lid/main.tf': 'resource "terraform_data" "lid" {}\n',
    });
    const dir = tempDir('e2e-modules');
    const served = await serveOverSlack((slackApiUrl) =>
      demoServeEnv({ dir, repoDir: repos.clone, slackApiUrl, signingSecret: e2eSigningSecret }),
    );
    bot = served;

    // Act
    const { planJobId } = await planDemo(served);
    const applied = await applyDemo(served, planJobId);

    // Assess
    expect(applied).toMatch(/· succeeded/);
  }, 420_000);
});
