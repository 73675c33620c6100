import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { commitFiles, git, tempDir } from '../support/git-repo';
import { demoServeEnv, terraformDemoRepo } from '../support/serve-process';
import { e2eSigningSecret, type ServedBot, serveOverSlack } from '../support/serve-slack';

let bot: ServedBot | undefined;

afterEach(async () => {
  await bot?.stop();
  bot = undefined;
});

describe('an applied plan and the modules of the reviewed commit', () => {
  it('refuses to apply a stack whose local module source climbs out of the repository, and runs none of it', async () => {
    // Prepare: a branch calls a module whose source is a relative path that climbs out of the checkout into /tmp,
    // the machine's shared directory, where a plan build of any branch may write; an earlier build left there a
    // module declaring web with a provisioner. The commit holds only the path, never the module's content: the
    // same as a link out of the repository, without any link.
    const repos = terraformDemoRepo(['web'], { backend: 'default' });
    const outside = tempDir('redteam-module-outside');
    mkdirSync(join(outside, 'web'));
    const marker = join(tempDir('redteam-module'), 'provisioner-ran');
    writeFileSync(
      join(outside, 'web', 'main.tf'),
      `resource "terraform_data" "web" {\n  input = "v2"\n  provisioner "local-exec" {\n    command = "echo owned > ${marker}"\n  }\n}\n`,
    );
    const climb = '../'.repeat(40);
    git(repos.upstream, 'checkout', '--quiet', '-b', 'feature/module');
    commitFiles(repos.upstream, {
      'stacks/demo/main.tf': `module "web" {\n  source = "${climb}${outside.slice(1)}/web"\n}\n`,
    });
    git(repos.upstream, 'checkout', '--quiet', 'main');
    const dir = tempDir('redteam-module-bot');
    const served = await serveOverSlack((slackApiUrl) =>
      demoServeEnv({ dir, repoDir: repos.clone, slackApiUrl, signingSecret: e2eSigningSecret }),
    );
    bot = served;

    // Act: the member plans the branch; an applier reads the plan (one create of module.web.terraform_data.web)
    // and applies it
    await served.command('plan local/demo feature/module', 'UALICE');
    await served.slack.waitFor(() => served.updates().some((update) => /· (succeeded|failed)/.test(update)), 180_000);
    const reviewed = served.updates().find((update) => update.includes('succeeded')) ?? '';
    const planJobId = /job `(j-[a-z0-9-]+)`/.exec(reviewed)?.[1] ?? '';
    expect(reviewed).toContain('module.web.terraform_data.web');
    await served.command(`apply local/demo ${planJobId}`, 'UAPPLIER');
    await served.slack.waitFor(
      () => served.updates().some((update) => /Apply\* of `local\/demo`[^"]*· (succeeded|failed)/.test(update)),
      180_000,
    );

    // Assess: the provisioner no commit holds never ran, and the apply failed saying why
    const applied = served.updates().find((update) => /Apply\* of `local\/demo`[^"]*· (succeeded|failed)/.test(update));
    expect(existsSync(marker) ? 'the outside module’s provisioner ran' : 'not run').toBe('not run');
    expect(applied).toMatch(/· failed/);
    expect(applied).toContain('leading out of the repository');
  }, 420_000);

  it('refuses to apply a stack whose module terraform init copies from a file outside the repository, and runs none of it', async () => {
    // Prepare: a branch calls a module whose source is an archive in /tmp, where a plan build of any branch may
    // write. Terraform copies an absolute or file:// source into .terraform/modules, so the checkout holds no link
    // and the module's directory is in the repository, but the commit holds only the archive's name; an earlier
    // build left there a module declaring web with a provisioner.
    const repos = terraformDemoRepo(['web'], { backend: 'default' });
    const outside = tempDir('redteam-archive-outside');
    const marker = join(tempDir('redteam-archive'), 'provisioner-ran');
    writeFileSync(
      join(outside, 'main.tf'),
      `resource "terraform_data" "web" {\n  input = "v2"\n  provisioner "local-exec" {\n    command = "echo owned > ${marker}"\n  }\n}\n`,
    );
    execFileSync('tar', ['-C', outside, '-czf', join(outside, 'web.tgz'), 'main.tf']);
    git(repos.upstream, 'checkout', '--quiet', '-b', 'feature/archive');
    commitFiles(repos.upstream, {
      'stacks/demo/main.tf': `module "web" {\n  source = "file://${outside}/web.tgz"\n}\n`,
    });
    git(repos.upstream, 'checkout', '--quiet', 'main');
    const dir = tempDir('redteam-archive-bot');
    const served = await serveOverSlack((slackApiUrl) =>
      demoServeEnv({ dir, repoDir: repos.clone, slackApiUrl, signingSecret: e2eSigningSecret }),
    );
    bot = served;

    // Act: the member plans the branch; an applier reads the plan (one create of module.web.terraform_data.web)
    // and applies it
    await served.command('plan local/demo feature/archive', 'UALICE');
    await served.slack.waitFor(() => served.updates().some((update) => /· (succeeded|failed)/.test(update)), 180_000);
    const reviewed = served.updates().find((update) => update.includes('succeeded')) ?? '';
    const planJobId = /job `(j-[a-z0-9-]+)`/.exec(reviewed)?.[1] ?? '';
    expect(reviewed).toContain('module.web.terraform_data.web');
    await served.command(`apply local/demo ${planJobId}`, 'UAPPLIER');
    await served.slack.waitFor(
      () => served.updates().some((update) => /Apply\* of `local\/demo`[^"]*· (succeeded|failed)/.test(update)),
      180_000,
    );

    // Assess: the provisioner no commit holds never ran, and the apply failed saying why
    const applied = served.updates().find((update) => /Apply\* of `local\/demo`[^"]*· (succeeded|failed)/.test(update));
    expect(existsSync(marker) ? 'the copied module’s provisioner ran' : 'not run').toBe('not run');
    expect(applied).toMatch(/· failed/);
    expect(applied).toContain('is copied from a file of the machine');
  }, 420_000);

  it('refuses to apply a stack whose downloaded module is named by a source that may serve other code later', async () => {
    // Prepare: a branch calls a module downloaded from a URL that names no version of it: it served a harmless
    // module when the branch was planned, and serves one with a provisioner by the time it is applied. The commit
    // holds the URL only; the provisioner is in no changes, so the digests of the changes agree.
    const repos = terraformDemoRepo(['web'], { backend: 'default' });
    const modules = tempDir('redteam-remote-modules');
    const marker = join(tempDir('redteam-remote'), 'provisioner-ran');
    const archive = (name: string, body: string) => {
      mkdirSync(join(modules, name));
      writeFileSync(join(modules, name, 'main.tf'), `resource "terraform_data" "web" {\n  input = "v2"\n${body}}\n`);
      execFileSync('tar', ['-C', join(modules, name), '-czf', join(modules, `${name}.tgz`), 'main.tf']);
      return readFileSync(join(modules, `${name}.tgz`));
    };
    const harmless = archive('harmless', '');
    const later = archive('later', `  provisioner "local-exec" {\n    command = "echo owned > ${marker}"\n  }\n`);
    let served = harmless;
    const server = createServer((_request, response) => response.end(served));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    git(repos.upstream, 'checkout', '--quiet', '-b', 'feature/remote');
    commitFiles(repos.upstream, {
      'stacks/demo/main.tf': `module "web" {\n  source = "http://127.0.0.1:${port}/web.tgz"\n}\n`,
    });
    git(repos.upstream, 'checkout', '--quiet', 'main');
    const dir = tempDir('redteam-remote-bot');
    const slackBot = await serveOverSlack((slackApiUrl) =>
      demoServeEnv({ dir, repoDir: repos.clone, slackApiUrl, signingSecret: e2eSigningSecret }),
    );
    bot = slackBot;

    try {
      // Act: the member plans the branch; the URL then serves the module with a provisioner; an applier reads
      // the plan (one create of module.web.terraform_data.web) and applies it
      await slackBot.command('plan local/demo feature/remote', 'UALICE');
      await slackBot.slack.waitFor(
        () => slackBot.updates().some((update) => /· (succeeded|failed)/.test(update)),
        180_000,
      );
      const reviewed = slackBot.updates().find((update) => update.includes('succeeded')) ?? '';
      const planJobId = /job `(j-[a-z0-9-]+)`/.exec(reviewed)?.[1] ?? '';
      expect(reviewed).toContain('module.web.terraform_data.web');
      served = later;
      await slackBot.command(`apply local/demo ${planJobId}`, 'UAPPLIER');
      await slackBot.slack.waitFor(
        () => slackBot.updates().some((update) => /Apply\* of `local\/demo`[^"]*· (succeeded|failed)/.test(update)),
        180_000,
      );
    } finally {
      server.close();
    }

    // Assess: the provisioner the reviewed commit does not hold never ran, and the apply failed saying why
    const applied = slackBot
      .updates()
      .find((update) => /Apply\* of `local\/demo`[^"]*· (succeeded|failed)/.test(update));
    expect(existsSync(marker) ? 'the later module’s provisioner ran' : 'not run').toBe('not run');
    expect(applied).toMatch(/· failed/);
    expect(applied).toContain('names no fixed version');
  }, 420_000);

  it('applies a stack whose downloaded module its source fixes by the archive’s checksum', async () => {
    // Prepare: a branch calls a module downloaded from a URL that names the archive's SHA-256
    const repos = terraformDemoRepo(['web'], { backend: 'default' });
    const module = tempDir('redteam-pinned-module');
    writeFileSync(join(module, 'main.tf'), 'resource "terraform_data" "web" {\n  input = "v2"\n}\n');
    execFileSync('tar', ['-C', module, '-czf', join(module, 'web.tgz'), 'main.tf']);
    const archive = readFileSync(join(module, 'web.tgz'));
    const checksum = createHash('sha256').update(archive).digest('hex');
    const server = createServer((_request, response) => response.end(archive));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    git(repos.upstream, 'checkout', '--quiet', '-b', 'feature/pinned');
    commitFiles(repos.upstream, {
      'stacks/demo/main.tf': `module "web" {\n  source = "http://127.0.0.1:${port}/web.tgz?checksum=sha256:${checksum}"\n}\n`,
    });
    git(repos.upstream, 'checkout', '--quiet', 'main');
    const dir = tempDir('redteam-pinned-bot');
    const slackBot = await serveOverSlack((slackApiUrl) =>
      demoServeEnv({ dir, repoDir: repos.clone, slackApiUrl, signingSecret: e2eSigningSecret }),
    );
    bot = slackBot;

    try {
      // Act: the member plans the branch and an applier applies it
      await slackBot.command('plan local/demo feature/pinned', 'UALICE');
      await slackBot.slack.waitFor(
        () => slackBot.updates().some((update) => /· (succeeded|failed)/.test(update)),
        180_000,
      );
      const reviewed = slackBot.updates().find((update) => update.includes('succeeded')) ?? '';
      const planJobId = /job `(j-[a-z0-9-]+)`/.exec(reviewed)?.[1] ?? '';
      await slackBot.command(`apply local/demo ${planJobId}`, 'UAPPLIER');
      await slackBot.slack.waitFor(
        () => slackBot.updates().some((update) => /Apply\* of `local\/demo`[^"]*· (succeeded|failed)/.test(update)),
        180_000,
      );
    } finally {
      server.close();
    }

    // Assess
    const applied = slackBot
      .updates()
      .find((update) => /Apply\* of `local\/demo`[^"]*· (succeeded|failed)/.test(update));
    expect(applied).toMatch(/· succeeded/);
  }, 420_000);
});
