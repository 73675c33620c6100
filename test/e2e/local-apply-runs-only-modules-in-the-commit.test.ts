import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { commitFiles, git, tempDir } from '../support/git-repo';
import { applyDemo, planDemo } from '../support/plan-and-apply';
import { demoServeEnv, terraformDemoRepo } from '../support/serve-process';
import { e2eSigningSecret, type ServedBot, serveOverSlack } from '../support/serve-slack';

let bot: ServedBot | undefined;
let server: Server | undefined;

afterEach(async () => {
  server?.close();
  server = undefined;
  await bot?.stop();
  bot = undefined;
});

/** A module declaring web, with `body` inside it (a provisioner that writes a marker, or nothing). */
const webModule = (body = '') => `resource "terraform_data" "web" {\n  input = "v2"\n${body}}\n`;

/** A provisioner that writes `marker`: what code no commit holds does when it runs. */
const provisionerWriting = (marker: string) =>
  `  provisioner "local-exec" {\n    command = "echo owned > ${marker}"\n  }\n`;

/** A gzipped tar of `main.tf` holding `content`, in a new directory; its path. */
function moduleArchive(content: string): string {
  const dir = tempDir('redteam-module-archive');
  writeFileSync(join(dir, 'main.tf'), content);
  execFileSync('tar', ['-C', dir, '-czf', join(dir, 'web.tgz'), 'main.tf']);
  return join(dir, 'web.tgz');
}

/** Serves whatever `body()` gives at any path on loopback; its base URL. */
async function serveModule(body: () => Buffer): Promise<string> {
  server = createServer((_request, response) => response.end(body()));
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/**
 * The bot over the demo repository, where a member pushed `branch`, whose stack calls module web from `source`;
 * the member plans the branch and the plan shows one create of module.web.terraform_data.web.
 */
async function planBranchCallingModule(
  branch: string,
  source: string,
): Promise<{ served: ServedBot; planJobId: string }> {
  const repos = terraformDemoRepo(['web'], { backend: 'default' });
  git(repos.upstream, 'checkout', '--quiet', '-b', branch);
  commitFiles(repos.upstream, { 'stacks/demo/main.tf': `module "web" {\n  source = "${source}"\n}\n` });
  git(repos.upstream, 'checkout', '--quiet', 'main');
  const dir = tempDir('redteam-module-bot');
  const served = await serveOverSlack((slackApiUrl) =>
    demoServeEnv({ dir, repoDir: repos.clone, slackApiUrl, signingSecret: e2eSigningSecret }),
  );
  bot = served;
  const { reviewed, planJobId } = await planDemo(served, branch);
  expect(reviewed).toContain('module.web.terraform_data.web');
  return { served, planJobId };
}

describe('an applied plan and the modules of the reviewed commit', () => {
  it('refuses to apply a stack whose local module source climbs out of the repository, and runs none of it', async () => {
    // Prepare: the module's source is a relative path that climbs out of the checkout into /tmp, the machine's
    // shared directory, where a plan build of any branch may write; an earlier build left there a module with a
    // provisioner. The commit holds only the path, never the module's content: a link out without any link.
    const outside = tempDir('redteam-module-outside');
    const marker = join(tempDir('redteam-module'), 'provisioner-ran');
    mkdirSync(join(outside, 'web'));
    writeFileSync(join(outside, 'web', 'main.tf'), webModule(provisionerWriting(marker)));
    const { served, planJobId } = await planBranchCallingModule(
      'feature/module',
      `${'../'.repeat(40)}${outside.slice(1)}/web`,
    );

    // Act
    const applied = await applyDemo(served, planJobId);

    // Assess: the provisioner no commit holds never ran, and the apply failed saying why
    expect(existsSync(marker) ? 'the outside module’s provisioner ran' : 'not run').toBe('not run');
    expect(applied).toMatch(/· failed/);
    expect(applied).toContain('leading out of the repository');
  }, 420_000);

  it('refuses to apply a stack whose module terraform init copies from a file outside the repository, and runs none of it', async () => {
    // Prepare: the module's source is an archive in /tmp. Terraform copies an absolute or file:// source into
    // .terraform/modules, so the checkout holds no link and the module's directory is in the repository, but the
    // commit holds only the archive's name, and an earlier build left there a module with a provisioner.
    const marker = join(tempDir('redteam-archive'), 'provisioner-ran');
    const archive = moduleArchive(webModule(provisionerWriting(marker)));
    const { served, planJobId } = await planBranchCallingModule('feature/archive', `file://${archive}`);

    // Act
    const applied = await applyDemo(served, planJobId);

    // Assess
    expect(existsSync(marker) ? 'the copied module’s provisioner ran' : 'not run').toBe('not run');
    expect(applied).toMatch(/· failed/);
    expect(applied).toContain('is copied from a file of the machine');
  }, 420_000);

  it('refuses to apply a stack whose downloaded module is named by a source that may serve other code later', async () => {
    // Prepare: a URL that names no version of the module serves a harmless one when the branch is planned. The
    // commit holds the URL only; a provisioner is in no changes, so the digests of the changes would agree.
    const marker = join(tempDir('redteam-remote'), 'provisioner-ran');
    let module = readFileSync(moduleArchive(webModule()));
    const base = await serveModule(() => module);
    const { served, planJobId } = await planBranchCallingModule('feature/remote', `${base}/web.tgz`);

    // Act: the URL now serves the module with a provisioner; an applier applies the reviewed plan
    module = readFileSync(moduleArchive(webModule(provisionerWriting(marker))));
    const applied = await applyDemo(served, planJobId);

    // Assess
    expect(existsSync(marker) ? 'the later module’s provisioner ran' : 'not run').toBe('not run');
    expect(applied).toMatch(/· failed/);
    expect(applied).toContain('names no fixed version');
  }, 420_000);

  it('applies a stack whose downloaded module its source fixes by the archive’s checksum', async () => {
    // Prepare: the URL names the archive's SHA-256
    const module = readFileSync(moduleArchive(webModule()));
    const checksum = createHash('sha256').update(module).digest('hex');
    const base = await serveModule(() => module);
    const { served, planJobId } = await planBranchCallingModule(
      'feature/pinned',
      `${base}/web.tgz?checksum=sha256:${checksum}`,
    );

    // Act
    const applied = await applyDemo(served, planJobId);

    // Assess
    expect(applied).toMatch(/· succeeded/);
  }, 420_000);
});
