import { existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { commitFiles, git, tempDir } from '../support/git-repo';
import { applyDemo, planDemo } from '../support/plan-and-apply';
import { demoServeEnv, terraformDemoRepo } from '../support/serve-process';
import { e2eSigningSecret, type ServedBot, serveOverSlack } from '../support/serve-slack';

let bot: ServedBot | undefined;

afterEach(async () => {
  await bot?.stop();
  bot = undefined;
});

describe('an applied plan and the files of the reviewed commit', () => {
  it('refuses to apply a stack whose configuration file is a link leading out of the repository, and runs none of it', async () => {
    // Prepare: a branch declares web in a file that is only a link to /tmp, the machine's shared directory, where a
    // plan build of any branch may write; an earlier build left there a web with a provisioner. Nobody reviewing
    // the commit sees that file's content, only the link.
    const repos = terraformDemoRepo(['web'], { backend: 'default' });
    const outside = tempDir('redteam-link-target');
    const marker = join(tempDir('redteam-link'), 'provisioner-ran');
    writeFileSync(
      join(outside, 'web.tf'),
      `resource "terraform_data" "web" {\n  input = "v2"\n  provisioner "local-exec" {\n    command = "echo owned > ${marker}"\n  }\n}\n`,
    );
    git(repos.upstream, 'checkout', '--quiet', '-b', 'feature/split');
    commitFiles(repos.upstream, { 'stacks/demo/main.tf': '# web is declared in web.tf\n' });
    symlinkSync(join(outside, 'web.tf'), join(repos.upstream, 'stacks/demo/web.tf'));
    git(repos.upstream, 'add', '-A');
    git(repos.upstream, 'commit', '--quiet', '-m', 'web in a file of its own');
    git(repos.upstream, 'checkout', '--quiet', 'main');
    const dir = tempDir('redteam-link-bot');
    const served = await serveOverSlack((slackApiUrl) =>
      demoServeEnv({ dir, repoDir: repos.clone, slackApiUrl, signingSecret: e2eSigningSecret }),
    );
    bot = served;

    // Act: the member plans the branch; an applier reads the plan (one create of terraform_data.web) and applies it
    const { reviewed, planJobId } = await planDemo(served, 'feature/split');
    expect(reviewed).toContain('terraform_data.web');
    const applied = await applyDemo(served, planJobId);

    // Assess: the provisioner no commit holds never ran, and the apply failed saying why
    expect(existsSync(marker) ? 'the linked provisioner ran' : 'not run').toBe('not run');
    expect(applied).toMatch(/· failed/);
    expect(applied).toContain('stacks/demo/web.tf is a link leading out of the repository');
  }, 420_000);

  it('refuses to apply a stack whose module keeps a link out of the repository in a directory named like the plugin links', async () => {
    // Prepare: a branch calls a module of its own kept in lib/.terraform/providers, a name the link check passes
    // over for the links terraform init makes into the plugin cache; its only file is a link to /tmp, where an
    // earlier build left a web with a provisioner
    const repos = terraformDemoRepo(['web'], { backend: 'default' });
    const outside = tempDir('redteam-hidden-link-target');
    const marker = join(tempDir('redteam-hidden-link'), 'provisioner-ran');
    writeFileSync(
      join(outside, 'web.tf'),
      `resource "terraform_data" "web" {\n  input = "v2"\n  provisioner "local-exec" {\n    command = "echo owned > ${marker}"\n  }\n}\n`,
    );
    git(repos.upstream, 'checkout', '--quiet', '-b', 'feature/lib');
    commitFiles(repos.upstream, {
      'stacks/demo/main.tf': 'module "web" {\n  source = "./lib/.terraform/providers"\n}\n',
    });
    mkdirSync(join(repos.upstream, 'stacks/demo/lib/.terraform/providers'), { recursive: true });
    symlinkSync(join(outside, 'web.tf'), join(repos.upstream, 'stacks/demo/lib/.terraform/providers/web.tf'));
    git(repos.upstream, 'add', '-A', '--force');
    git(repos.upstream, 'commit', '--quiet', '-m', 'web in a module of its own');
    git(repos.upstream, 'checkout', '--quiet', 'main');
    const dir = tempDir('redteam-hidden-link-bot');
    const served = await serveOverSlack((slackApiUrl) =>
      demoServeEnv({ dir, repoDir: repos.clone, slackApiUrl, signingSecret: e2eSigningSecret }),
    );
    bot = served;

    // Act: the member plans the branch; an applier reads the plan and applies it
    const { reviewed, planJobId } = await planDemo(served, 'feature/lib');
    expect(reviewed).toContain('module.web.terraform_data.web');
    const applied = await applyDemo(served, planJobId);

    // Assess: the provisioner no commit holds never ran, and the apply failed saying why
    expect(existsSync(marker) ? 'the linked provisioner ran' : 'not run').toBe('not run');
    expect(applied).toMatch(/· failed/);
    expect(applied).toContain('lib/.terraform/providers/web.tf is a link leading out of the repository');
  }, 420_000);
});
