import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { affectedCommand } from '../../../cli/commands/affected';
import { type CliIo, runCli } from '../../../cli/run-cli';
import { runInfrabot } from './run-infrabot';

let repo: string;

const role = 'arn:aws:iam::123456789012:role/infrabot';
const stack = (name: string, dir: string) =>
  `  - { name: ${name}, dir: ${dir}, provider: aws, roles: { plan: "${role}", apply: "${role}" } }\n`;

const files: Record<string, string> = {
  'infrabot.yaml': `repository: example-org/infra\nstacks:\n${stack('network', 'stacks/network')}${stack('app', 'stacks/app')}${stack('retired', 'stacks/retired')}`,
  'stacks/network/main.tf': 'module "vpc" {\n  source = "../../modules/vpc"\n}\n',
  'stacks/app/main.tf': 'module "service" {\n  source = "../../modules/service"\n}\n',
  'modules/service/main.tf': 'module "tags" {\n  source = "../tags"\n}\n',
  'modules/tags/main.tf': 'variable "tags" {}\n',
  'modules/vpc/main.tf': 'resource "terraform_data" "vpc" {}\n',
};

beforeAll(async () => {
  repo = await mkdtemp(join(tmpdir(), 'infrabot-affected-cli-'));
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(repo, path)), { recursive: true });
    await writeFile(join(repo, path), text);
  }
});

afterAll(async () => {
  await rm(repo, { recursive: true, force: true });
});

const retiredWarning =
  'infrabot: warning: stack "retired": directory "stacks/retired" does not exist (deleted?); changes under it still count\n';

function memoryIo(stdin = ''): CliIo & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, stdout: (text) => out.push(text), stderr: (text) => err.push(text), readStdin: async () => stdin };
}

describe('infrabot affected', () => {
  it('prints the stacks that changed files reach through nested modules, one a line', async () => {
    const run = await runInfrabot([
      'affected',
      '--repo',
      repo,
      '--config',
      join(repo, 'infrabot.yaml'),
      'modules/tags/main.tf',
    ]);

    expect(run).toEqual({ code: 0, stdout: 'app\n', stderr: retiredWarning });
  });

  it('reads changed paths from standard input, one a line', async () => {
    const run = await runInfrabot(['affected', '--config', 'infrabot.yaml'], {
      cwd: repo,
      stdin: 'stacks/network/variables.tf\r\nmodules/service/main.tf\n\nREADME.md\n',
    });

    expect(run).toEqual({ code: 0, stdout: 'network\napp\n', stderr: retiredWarning });
  });

  it('prints nothing and exits 0 when no stack is affected', async () => {
    const io = memoryIo('docs/runbook.md\n');

    const code = await runCli(
      ['affected', '--repo', repo, '--config', join(repo, 'infrabot.yaml')],
      [affectedCommand],
      io,
    );

    expect(code).toBe(0);
    expect(io.out).toEqual([]);
  });

  it('matches a deleted stack directory by path and warns about it', async () => {
    const io = memoryIo();

    const code = await runCli(
      ['affected', '--repo', repo, '--config', join(repo, 'infrabot.yaml'), 'stacks/retired/main.tf'],
      [affectedCommand],
      io,
    );

    expect(code).toBe(0);
    expect(io.out).toEqual(['retired\n']);
    expect(io.err).toEqual([retiredWarning]);
  });

  it('prints a JSON list with --json, and takes absolute paths inside the repository', async () => {
    const io = memoryIo();

    await runCli(
      [
        'affected',
        '--json',
        '--repo',
        repo,
        '--config',
        join(repo, 'infrabot.yaml'),
        join(repo, 'modules/vpc/main.tf'),
      ],
      [affectedCommand],
      io,
    );

    expect(io.out).toEqual(['["network"]\n']);
  });

  it('warns about changed paths outside the repository, naming them as given', async () => {
    const io = memoryIo();

    await runCli(
      ['affected', '--repo', repo, '--config', join(repo, 'infrabot.yaml'), '/etc/hosts', '../x'],
      [affectedCommand],
      io,
    );

    expect(io.err).toContain('infrabot: warning: changed path "/etc/hosts" is outside the repository; ignored\n');
    expect(io.err).toContain('infrabot: warning: changed path "../x" is outside the repository; ignored\n');
  });

  it('exits 1 with the configuration errors when the configuration is invalid', async () => {
    await writeFile(join(repo, 'bad.yaml'), 'repository: example-org/infra\nstacks: []\n');
    const io = memoryIo();

    const code = await runCli(
      ['affected', '--repo', repo, '--config', join(repo, 'bad.yaml'), 'x'],
      [affectedCommand],
      io,
    );

    expect(code).toBe(1);
    expect(io.err.join('')).toContain('bad.yaml:2:1: stacks: expected at least one stack');
  });

  it('exits 1 when the repository directory does not exist, and 2 for an unknown option', async () => {
    const missing = memoryIo();
    const unknown = memoryIo();

    const missingCode = await runCli(['affected', '--repo', join(repo, 'nope'), 'x'], [affectedCommand], missing);
    const unknownCode = await runCli(['affected', '--since', 'main'], [affectedCommand], unknown);

    expect(missingCode).toBe(1);
    expect(missing.err).toEqual([`infrabot: repository directory "${join(repo, 'nope')}" not found (--repo DIR)\n`]);
    expect(unknownCode).toBe(2);
    expect(unknown.err.join('')).toMatch(/^infrabot: Unknown option '--since'\nusage: infrabot affected /);
  });
});
