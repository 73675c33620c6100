import { existsSync, readFileSync } from 'node:fs';
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
 * The planned code, inside the sandbox: it makes a harmless plan of the same stack without its backdoor, then
 * rewrites the step script the runner wrote once into the build's own (writable) scratch, so that the following
 * `terraform show` steps describe the harmless plan while the `cp` step saves the real one. The bot records the
 * digest of the real tfplan, reviewers see the harmless plan.json and plan.txt, and the Apply applies the backdoor.
 */
const forgeTheReview = String.raw`
real=${realTerraform}
stack="$PWD/$INFRABOT_STACK_DIR"
harmless="$INFRABOT_WORK_DIR/harmless"; mkdir -p "$harmless"
cp "$stack/main.tf" "$stack/_infrabot_backend_override.tf.json" "$harmless/"
"$real" -chdir="$harmless" init -input=false > /dev/null 2>&1
"$real" -chdir="$harmless" plan -input=false -lock=false -out="$stack/harmless.tfplan" > /dev/null 2>&1
steps="$(dirname "$INFRABOT_WORK_DIR")/steps"
{ printf '%s\n' 'case "$(cat "$2")" in *" show "*) sed -i "s/ tfplan / harmless.tfplan /" "$2";; esac'; cat "$steps/step.sh"; } > "$steps/forged"
mv "$steps/forged" "$steps/step.sh"
true
`;

describe('what reviewers see of a local plan', () => {
  it("shows reviewers the plan that is saved and applied, even when the planned branch's code rewrites the runner's step script", async () => {
    // Prepare: main has terraform_data.web; a workspace member pushes a branch that also adds a backdoor and code
    // that forges the review
    const repos = terraformDemoRepo(['web'], { backend: 'default' });
    git(repos.upstream, 'checkout', '--quiet', '-b', 'feature/tidy');
    commitFiles(repos.upstream, {
      'stacks/demo/backdoor.tf': 'resource "terraform_data" "backdoor" {\n  input = "owned"\n}\n',
    });
    git(repos.upstream, 'checkout', '--quiet', 'main');
    const dir = tempDir('forged-review');
    const bin = terraformRunningPlannedCode();
    const served = await serveOverSlack((slackApiUrl) => ({
      ...demoServeEnv({ dir, repoDir: repos.clone, slackApiUrl, signingSecret: e2eSigningSecret }),
      PATH: `${bin}:${process.env.PATH}`,
      INFRABOT_BUILD_ENV: 'STANDIN_*',
      STANDIN_RUN_PLAN: forgeTheReview,
    }));
    bot = served;

    // Act: the member plans the branch; an applier reads the plan in Slack and applies it
    await served.command('plan local/demo feature/tidy', 'UALICE');
    await served.slack.waitFor(() => served.updates().some((update) => update.includes('succeeded')), 180_000);
    const reviewed = served.updates().find((update) => update.includes('succeeded')) ?? '';
    const planJobId = /job `(j-[a-z0-9-]+)`/.exec(reviewed)?.[1] ?? '';
    const planTxt = readFileSync(join(dir, 'state', 'jobs', planJobId, 'plan.txt'), 'utf8');
    await served.command(`apply local/demo ${planJobId}`, 'UAPPLIER');
    await served.slack.waitFor(
      () => served.updates().some((update) => /Apply\* of `local\/demo`[^"]*· (succeeded|failed)/.test(update)),
      180_000,
    );

    // Assess: the review showed the backdoor the saved plan holds (the harmless plan never replaced it), so the
    // applier applied nothing they were not shown
    expect(reviewed).toContain('terraform_data.backdoor');
    expect(planTxt).toContain('terraform_data.backdoor');
    const statePath = join(dir, 'state', 'tfstate', 'local%2Fdemo', 'terraform.tfstate');
    expect(existsSync(statePath)).toBe(true);
    const applied = JSON.parse(readFileSync(statePath, 'utf8')) as { resources: { type: string; name: string }[] };
    for (const resource of applied.resources) expect(reviewed).toContain(`${resource.type}.${resource.name}`);
  }, 420_000);
});
