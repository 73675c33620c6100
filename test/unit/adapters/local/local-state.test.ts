import { existsSync, mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BACKEND_OVERRIDE_FILE, keepLocalState, localStatePath } from '../../../../adapters/local/local-state';
import { tempDir } from '../../../support/git-repo';

/** A worktree with one stack directory holding `files`. */
function worktreeWith(files: Record<string, string>): string {
  const worktree = tempDir('worktree');
  mkdirSync(join(worktree, 'stacks/app'), { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(worktree, 'stacks/app', name), text);
  return worktree;
}

const overrideOf = (worktree: string) =>
  JSON.parse(readFileSync(join(worktree, 'stacks/app', BACKEND_OVERRIDE_FILE), 'utf8'));

describe('keepLocalState', () => {
  it('points a stack without a backend at a per-stack state file outside the worktree, readable by the bot only', async () => {
    // Prepare
    const worktree = worktreeWith({ 'main.tf': 'resource "terraform_data" "a" {}\n' });
    const statePath = localStatePath(tempDir('state'), 'aws/dev/app');

    // Act
    const kept = await keepLocalState(worktree, 'stacks/app', statePath, 'terraform');

    // Assess
    expect(kept).toEqual({ ok: true, note: expect.stringContaining(statePath) });
    expect(statePath).toMatch(/tfstate\/aws%2Fdev%2Fapp\/terraform\.tfstate$/);
    expect(overrideOf(worktree)).toEqual({ terraform: { backend: { local: { path: statePath } } } });
    expect(statSync(join(statePath, '..')).mode & 0o777).toBe(0o700);
  });

  it('overrides a local backend whose path is relative to the working directory', async () => {
    // Prepare
    const worktree = worktreeWith({
      'backend.tf': 'terraform {\n  backend "local" {\n    path = "x.tfstate"\n  }\n}\n',
    });

    // Act
    await keepLocalState(worktree, 'stacks/app', '/srv/infrabot/tfstate/app/terraform.tfstate', 'terraform');

    // Assess
    expect(overrideOf(worktree).terraform.backend.local.path).toBe('/srv/infrabot/tfstate/app/terraform.tfstate');
  });

  it.each([
    ['an s3 backend', 'main.tf', 'terraform {\n  backend "s3" {\n    bucket = "b"\n  }\n}\n', 's3'],
    ['a cloud block', 'main.tf', 'terraform {\n  cloud {\n    organization = "o"\n  }\n}\n', 'cloud'],
    [
      'a local backend at an absolute path',
      'main.tf',
      'terraform {\n  backend "local" {\n    path = "/srv/s.tfstate"\n  }\n}\n',
      '/srv/s.tfstate',
    ],
    ['an s3 backend in JSON syntax', 'main.tf.json', '{"terraform": {"backend": {"s3": {"bucket": "b"}}}}', 's3'],
  ])('leaves %s as the stack declares it', async (_case, name, text, named) => {
    // Prepare
    const worktree = worktreeWith({ [name]: text });

    // Act
    const kept = await keepLocalState(worktree, 'stacks/app', '/tmp/never/terraform.tfstate', 'terraform');

    // Assess
    expect(kept).toEqual({ ok: true, note: expect.stringContaining(named) });
    expect(() => overrideOf(worktree)).toThrow(/ENOENT/);
  });

  it("takes an override file's backend over the one in the main file, as Terraform does", async () => {
    // Prepare
    const worktree = worktreeWith({
      'main.tf': 'terraform {\n  backend "s3" {}\n}\n',
      'backend_override.tf': 'terraform {\n  backend "local" {}\n}\n',
    });

    // Act
    await keepLocalState(worktree, 'stacks/app', '/tmp/app/terraform.tfstate', 'terraform');

    // Assess
    expect(overrideOf(worktree).terraform.backend.local.path).toBe('/tmp/app/terraform.tfstate');
  });

  it('overrides the backend of a stack whose only backend is in a file Terraform ignores (its name starts with a dot)', async () => {
    // Prepare
    const worktree = worktreeWith({
      '.backend.tf': 'terraform {\n  backend "s3" {\n    bucket = "b"\n  }\n}\n',
      'main.tf': 'resource "terraform_data" "a" {}\n',
    });

    // Act
    await keepLocalState(worktree, 'stacks/app', '/tmp/app/terraform.tfstate', 'terraform');

    // Assess
    expect(overrideOf(worktree).terraform.backend.local.path).toBe('/tmp/app/terraform.tfstate');
  });

  it('overrides a local backend in JSON syntax whose label object holds a comment property ("//") first', async () => {
    // Prepare: Terraform ignores "//" there and keeps state in the working directory
    const worktree = worktreeWith({ 'main.tf.json': '{"terraform": {"backend": {"//": "state", "local": {}}}}' });

    // Act
    await keepLocalState(worktree, 'stacks/app', '/tmp/app/terraform.tfstate', 'terraform');

    // Assess
    expect(overrideOf(worktree).terraform.backend.local.path).toBe('/tmp/app/terraform.tfstate');
  });

  it('writes a state path holding template characters verbatim (backend settings are never templates)', async () => {
    // Prepare
    const worktree = worktreeWith({ 'main.tf': '' });
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a directory name that looks like a Terraform template
    const statePath = '/srv/${x}/%{y}/terraform.tfstate';

    // Act
    await keepLocalState(worktree, 'stacks/app', statePath, 'terraform');

    // Assess
    expect(overrideOf(worktree).terraform.backend.local.path).toBe(statePath);
  });

  it('replaces a committed file of the same name that links elsewhere, leaving its target untouched', async () => {
    // Prepare
    const outside = join(tempDir('outside'), 'precious.txt');
    writeFileSync(outside, 'precious');
    const worktree = worktreeWith({ 'main.tf': '' });
    symlinkSync(outside, join(worktree, 'stacks/app', BACKEND_OVERRIDE_FILE));

    // Act
    await keepLocalState(worktree, 'stacks/app', '/tmp/app/terraform.tfstate', 'terraform');

    // Assess
    expect(readFileSync(outside, 'utf8')).toBe('precious');
    expect(overrideOf(worktree).terraform.backend.local.path).toBe('/tmp/app/terraform.tfstate');
  });

  it("removes a committed file OpenTofu would read instead of the runner's (same name, .tofu.json)", async () => {
    // Prepare
    const shadow = '_infrabot_backend_override.tofu.json';
    const worktree = worktreeWith({ [shadow]: '{"terraform": {"backend": {"local": {}}}}' });

    // Act
    await keepLocalState(worktree, 'stacks/app', '/tmp/app/terraform.tfstate', 'tofu');

    // Assess
    expect(existsSync(join(worktree, 'stacks/app', shadow))).toBe(false);
    expect(overrideOf(worktree).terraform.backend.local.path).toBe('/tmp/app/terraform.tfstate');
  });

  it('refuses a stack directory that links outside the repository, writing nothing there', async () => {
    // Prepare
    const outside = tempDir('outside');
    const worktree = worktreeWith({});
    symlinkSync(outside, join(worktree, 'stacks/elsewhere'));

    // Act
    const kept = await keepLocalState(worktree, 'stacks/elsewhere', '/tmp/app/terraform.tfstate', 'terraform');

    // Assess
    expect(kept).toEqual({ ok: false, detail: expect.stringContaining('leads outside the repository') });
    expect(() => readFileSync(join(outside, BACKEND_OVERRIDE_FILE))).toThrow(/ENOENT/);
  });

  it('leaves the state alone and says why when a stack file cannot be parsed', async () => {
    // Prepare
    const worktree = worktreeWith({ 'main.tf': 'terraform {\n  backend "local" {\n' });

    // Act
    const kept = await keepLocalState(worktree, 'stacks/app', '/tmp/app/terraform.tfstate', 'terraform');

    // Assess
    expect(kept).toEqual({ ok: true, note: expect.stringContaining('main.tf') });
  });
});
