import { type ChildProcess, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRepos, tempDir } from './git-repo';
import { writeStandIns } from './stand-ins';

const root = new URL('../..', import.meta.url).pathname;

/**
 * Starts `infrabot serve` as `npm start` would (from the checkout, unless `cwd` names another working directory),
 * and resolves with its port once it says it is running; `output` is what it has printed so far.
 */
export async function startServe(
  env: Record<string, string>,
  options: { cwd?: string } = {},
): Promise<{ child: ChildProcess; port: number; output: () => string }> {
  const child = spawn(process.execPath, [join(root, 'bin/infrabot.mjs'), 'serve'], {
    cwd: options.cwd ?? root,
    env: { ...process.env, ...env },
  });
  let output = '';
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /localhost:(\d+)\/slack\/events/.exec(output);
      if (match) resolve(Number(match[1]));
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on('exit', (code) => reject(new Error(`serve exited with ${code}: ${output}`)));
  });
  return { child, port, output: () => output };
}

/**
 * A repository with one stack, `stacks/demo`, of `terraform_data` resources: on a local backend of its own outside
 * the repository, or (`backend: 'default'`) with no backend block, so Terraform's default local backend.
 */
export function terraformDemoRepo(
  resources: readonly string[] = ['web', 'worker'],
  options: { backend: 'own' | 'default' } = { backend: 'own' },
) {
  const backend = join(tempDir('e2e-backend'), 'terraform.tfstate');
  const block = `terraform {\n  backend "local" {\n    path = "${backend}"\n  }\n}`;
  const repos = createRepos({
    'stacks/demo/main.tf': [
      ...(options.backend === 'own' ? [block] : []),
      ...resources.map((name) => `resource "terraform_data" "${name}" {\n  input = "v1"\n}`),
    ].join('\n\n'),
  });
  /** The state file of the stack's own local backend (with `backend: 'own'`), to change state outside the bot. */
  return { ...repos, statePath: backend };
}

/** Writes an infrabot.yaml with the one stack `local/demo` (at `stacks/demo`) into `dir`; returns its path. */
export function writeDemoConfig(
  dir: string,
  options: { repository: string; appliers?: readonly string[]; extraYaml?: string },
): string {
  const path = join(dir, 'infrabot.yaml');
  const lines = [
    `repository: ${options.repository}`,
    'stacks:',
    '  - name: local/demo',
    '    dir: stacks/demo',
    '    provider: aws',
    '    roles:',
    '      plan: arn:aws:iam::123456789012:role/infrabot-plan-demo',
    '      apply: arn:aws:iam::123456789012:role/infrabot-apply-demo',
    ...(options.appliers ? [`    appliers: ${JSON.stringify(options.appliers)}`] : []),
    ...(options.extraYaml ? [options.extraYaml] : []),
  ];
  writeFileSync(path, lines.join('\n'));
  return path;
}

/** The environment of `infrabot serve` on one machine for the demo stack: local runner, real terraform. */
export function demoServeEnv(options: {
  dir: string;
  repoDir: string;
  slackApiUrl: string;
  signingSecret: string;
  /** More of infrabot.yaml, at its top level (a drift section, say). */
  extraYaml?: string;
}) {
  return {
    SLACK_SIGNING_SECRET: options.signingSecret,
    SLACK_BOT_TOKEN: 'xoxb-e2e',
    SLACK_API_URL: options.slackApiUrl,
    PORT: '0',
    INFRABOT_CONFIG: writeDemoConfig(options.dir, {
      repository: 'example-org/infra',
      appliers: ['UAPPLIER'],
      ...(options.extraYaml ? { extraYaml: options.extraYaml } : {}),
    }),
    INFRABOT_STATE: join(options.dir, 'state', 'state.db'),
    INFRABOT_REPO_DIR: options.repoDir,
    TF_CLI_CONFIG_FILE: '/dev/null',
    CHECKPOINT_DISABLE: '1',
  };
}

/** The stand-in terraform, in a directory of its own to put first on PATH, and the file it records its calls in. */
export function standInTerraform(): { bin: string; record: string } {
  const bin = tempDir('e2e-stand-in-bin');
  return { bin, record: writeStandIns(bin, ['terraform']) };
}

/**
 * The environment of `infrabot serve` on one machine for the demo stack, built with the stand-in terraform, whose
 * `STANDIN_*` settings reach builds; the caller adds the bot's secrets and the stand-in's behaviour.
 */
export function standInServeEnv(options: {
  dir: string;
  repoDir: string;
  slackApiUrl: string;
  terraform: { bin: string; record: string };
}): Record<string, string> {
  return {
    SLACK_API_URL: options.slackApiUrl,
    PORT: '0',
    PATH: `${options.terraform.bin}:${process.env.PATH}`,
    INFRABOT_CONFIG: writeDemoConfig(options.dir, { repository: 'example-org/infra' }),
    INFRABOT_STATE: join(options.dir, 'state', 'state.db'),
    INFRABOT_REPO_DIR: options.repoDir,
    INFRABOT_BUILD_ENV: 'STANDIN_*',
    STANDIN_RECORD: options.terraform.record,
  };
}
