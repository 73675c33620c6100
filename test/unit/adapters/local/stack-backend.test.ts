import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readStackBackend } from '../../../../adapters/local/stack-backend';
import { tempDir } from '../../../support/git-repo';

/** A stack directory holding `files`. */
function stackWith(files: Record<string, string>): string {
  const dir = join(tempDir('stack'), 'app');
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe('readStackBackend', () => {
  it.each([
    [
      'a backend beside the required providers',
      'terraform {\n  required_version = ">= 1.5"\n  required_providers {\n    aws = { source = "hashicorp/aws" }\n  }\n  backend "s3" {\n    bucket = "b"\n  }\n}\n',
      { kind: 'other', type: 's3' },
    ],
    [
      'the last of two terraform blocks',
      'terraform {\n  backend "s3" {}\n}\n\nterraform {\n  backend "gcs" {}\n}\n',
      { kind: 'other', type: 'gcs' },
    ],
    [
      'a terraform block after a block comment on its line',
      '/* state */ terraform {\n  backend "local" {\n    path = "s.tfstate"\n  }\n}\n',
      { kind: 'local', path: 's.tfstate' },
    ],
    [
      'a local path with escapes',
      'terraform {\n  backend "local" {\n    path = "a\\\\b\\u00e9.tfstate"\n  }\n}\n',
      { kind: 'local', path: 'a\\bé.tfstate' },
    ],
    ['a backend label written as a bare word', 'terraform {\n  backend local {}\n}\n', { kind: 'local' }],
  ])('reads %s', async (_case, text, backend) => {
    // Act
    const read = await readStackBackend(stackWith({ 'main.tf': text }), 'infrabot_override.tf', 'terraform');

    // Assess
    expect(read).toEqual(backend);
  });

  it('reads no backend in a file whose only mentions of terraform and backend are not a terraform block', async () => {
    // Prepare
    const text =
      'locals {\n  terraform = "x"\n  backend   = "s3"\n}\n# terraform {\n#   backend "s3" {}\n# }\nresource "terraform_data" "backend" {\n  input = "terraform { backend \\"s3\\" {} }"\n}\n';

    // Act
    const read = await readStackBackend(stackWith({ 'main.tf': text }), 'infrabot_override.tf', 'terraform');

    // Assess
    expect(read).toEqual({ kind: 'default' });
  });

  const s3 = 'terraform {\n  backend "s3" {}\n}\n';
  const resource = 'resource "terraform_data" "a" {}\n';

  it.each([
    ['terraform', 'a backend only in a .tofu file', { 'backend.tofu': s3, 'main.tf': resource }, { kind: 'default' }],
    ['terraform', 'a backend only in a file named with a leading dot', { '.backend.tf': s3 }, { kind: 'default' }],
    ['tofu', 'a backend only in x.tf beside x.tofu', { 'main.tf': s3, 'main.tofu': resource }, { kind: 'default' }],
    ['tofu', 'a backend in a .tofu file', { 'backend.tofu': s3, 'main.tf': resource }, { kind: 'other', type: 's3' }],
  ] as const)('reads, for %s, %s as the program does', async (program, _case, files, backend) => {
    // Act
    const read = await readStackBackend(stackWith(files), 'infrabot_override.tf', program);

    // Assess
    expect(read).toEqual(backend);
  });

  it("words an unreadable file as Terraform's own parser does", async () => {
    // Act
    const read = await readStackBackend(
      stackWith({ 'main.tf': 'terraform {\n  backend "s3" {\n' }),
      'x.tf',
      'terraform',
    );

    // Assess
    expect(read).toEqual({
      kind: 'unreadable',
      file: 'main.tf',
      reason: expect.stringMatching(/^line \d+, column \d+: /),
    });
  });
});
