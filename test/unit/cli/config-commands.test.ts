import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configCheckCommand } from '../../../cli/commands/config-check';
import { type CliIo, runCli } from '../../../cli/run-cli';
import { runInfrabot } from './run-infrabot';

let dir: string;

const valid = `repository: example-org/infra
stacks:
  - name: aws/prod/network
    dir: stacks/aws/prod/network
    provider: aws
    roles:
      plan: arn:aws:iam::123456789012:role/plan
      apply: arn:aws:iam::123456789012:role/apply
  - name: newrelic/alerts
    dir: stacks/newrelic/alerts
    provider: newrelic
    roles: { plan: "arn:aws:iam::123456789012:role/nr-plan", apply: "arn:aws:iam::123456789012:role/nr-apply" }
`;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'infrabot-config-cli-'));
  await writeFile(join(dir, 'infrabot.yaml'), valid);
  await writeFile(
    join(dir, 'bad.yaml'),
    valid
      .replace('apply: arn:aws:iam::123456789012:role/apply\n', 'apply: nope\n')
      .replace('provider: newrelic', 'provider: azure'),
  );
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function memoryIo(): CliIo & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, stdout: (text) => out.push(text), stderr: (text) => err.push(text), readStdin: async () => '' };
}

describe('infrabot config check', () => {
  it('prints ok with the number of stacks for a valid file', async () => {
    const run = await runInfrabot(['config', 'check', 'infrabot.yaml'], { cwd: dir });

    expect(run).toEqual({ code: 0, stdout: 'ok: 2 stacks\n', stderr: '' });
  });

  it('names the next three drift check times of drift.schedule, and refuses a schedule that is not cron', async () => {
    await writeFile(join(dir, 'drift.yaml'), `${valid}drift:\n  channel: C0DRIFT\n  schedule: "30 6 * * *"\n`);
    await writeFile(join(dir, 'bad-drift.yaml'), `${valid}drift:\n  channel: C0DRIFT\n  schedule: "every morning"\n`);

    const good = await runInfrabot(['config', 'check', 'drift.yaml'], { cwd: dir });
    const bad = await runInfrabot(['config', 'check', 'bad-drift.yaml'], { cwd: dir });

    expect(good.code).toBe(0);
    expect(good.stdout).toMatch(
      /^ok: 2 stacks\ndrift checks "30 6 \* \* \*" next run at (\d{4}-\d\d-\d\d 06:30 UTC(, )?){3}\n$/,
    );
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('drift.schedule');
    expect(bad.stdout).toContain('expected five cron fields');
  });

  it('warns that plan builds hold the apply credential when a credential setting is one value', async () => {
    // Prepare
    await writeFile(
      join(dir, 'shared-key.yaml'),
      [
        'repository: example-org/infra',
        'stacks:',
        '  - name: github/org',
        '    dir: stacks/gh',
        '    provider: github',
        '    roles:',
        '      plan: arn:aws:iam::123456789012:role/gh-plan',
        '      apply: arn:aws:iam::123456789012:role/gh-apply',
        '    settings:',
        '      github:',
        '        owner: example-org',
        '        appId: 1',
        '        installationId: 2',
        '        privateKeySecret: arn:aws:secretsmanager:eu-west-1:123456789012:secret:gh-key',
      ].join('\n'),
    );

    // Act
    const run = await runInfrabot(['config', 'check', 'shared-key.yaml'], { cwd: dir });

    // Assess
    expect(run).toEqual({
      code: 0,
      stdout: 'ok: 1 stack\n',
      stderr:
        'warning: stacks "github/org" settings.github.privateKeySecret is one value for plans and applies: plan builds, which run the code of any ref, hold the apply credential; give { plan: …, apply: … }\n',
    });
  });

  it("warns when two stacks name the same plan role, since a planner of one then runs code as the other's role", async () => {
    // Prepare
    const stack = (name: string, plan: string) => [
      `  - name: ${name}`,
      `    dir: stacks/${name}`,
      '    provider: aws',
      '    roles:',
      `      plan: arn:aws:iam::123456789012:role/${plan}`,
      `      apply: arn:aws:iam::123456789012:role/${name.replaceAll('/', '-')}-apply`,
    ];
    await writeFile(
      join(dir, 'shared-role.yaml'),
      ['repository: example-org/infra', 'stacks:', ...stack('aws/prod', 'reader'), ...stack('aws/dev', 'reader')].join(
        '\n',
      ),
    );

    // Act
    const run = await runInfrabot(['config', 'check', 'shared-role.yaml'], { cwd: dir });

    // Assess
    expect(run).toEqual({
      code: 0,
      stdout: 'ok: 2 stacks\n',
      stderr:
        "warning: role arn:aws:iam::123456789012:role/reader is named by aws/prod roles.plan, aws/dev roles.plan: a build of one runs code as a role the others use (a build may assume only its own stack's role of its action); give each stack its own plan and apply roles\n",
    });
  });

  it('prints every error, one a line, with its position, and exits 1', async () => {
    const run = await runInfrabot(['config', 'check', 'bad.yaml'], { cwd: dir });

    expect(run.code).toBe(1);
    expect(run.stdout).toBe(
      [
        'bad.yaml:8:7: stacks[0].roles.apply: expected an IAM role ARN (arn:aws:iam::<account>:role/<name>)',
        'bad.yaml:11:5: stacks[1].provider: expected one of aws, google, github, newrelic',
        '',
      ].join('\n'),
    );
  });

  it('names a dependency cycle along its path and exits 1', async () => {
    const cyclic = valid
      .replace('    provider: aws\n', '    provider: aws\n    dependsOn: [newrelic/alerts]\n')
      .replace('    provider: newrelic\n', '    provider: newrelic\n    dependsOn: [aws/prod/network]\n');
    await writeFile(join(dir, 'cycle.yaml'), cyclic);

    const run = await runInfrabot(['config', 'check', 'cycle.yaml'], { cwd: dir });

    expect(run.code).toBe(1);
    expect(run.stdout).toBe(
      'cycle.yaml:6:5: stacks[0].dependsOn: dependency cycle: aws/prod/network → newrelic/alerts → aws/prod/network; ' +
        'stacks in a cycle have no order to apply in\n',
    );
  });

  it('reads $INFRABOT_CONFIG when no file is given', async () => {
    const run = await runInfrabot(['config', 'check'], { cwd: dir, env: { INFRABOT_CONFIG: 'bad.yaml' } });

    expect(run.code).toBe(1);
    expect(run.stdout).toContain('bad.yaml:8:7: stacks[0].roles.apply');
  });

  it('says in one line that the file is missing, without a stack trace', async () => {
    const io = memoryIo();

    const code = await runCli(['config', 'check', join(dir, 'missing.yaml')], [configCheckCommand], io);

    expect(code).toBe(1);
    expect(io.out).toEqual([]);
    expect(io.err).toEqual([
      `infrabot: config file "${join(dir, 'missing.yaml')}" not found: create it (see docs/configuration.md), pass its path, or set INFRABOT_CONFIG\n`,
    ]);
  });

  it('refuses more than one file as a usage error', async () => {
    const io = memoryIo();

    const code = await runCli(['config', 'check', 'a.yaml', 'b.yaml'], [configCheckCommand], io);

    expect(code).toBe(2);
    expect(io.err.join('')).toBe('infrabot: expected one config file, got 2\nusage: infrabot config check [FILE]\n');
  });

  it('checks the repository example by default', async () => {
    const run = await runInfrabot(['config', 'check']);

    expect(run).toEqual({ code: 0, stdout: 'ok: 6 stacks\n', stderr: '' });
  });
});

describe('infrabot config schema', () => {
  it('prints the JSON Schema committed as infrabot.schema.json', async () => {
    const run = await runInfrabot(['config', 'schema']);

    expect(run.code).toBe(0);
    expect(run.stdout).toBe(await readFile('infrabot.schema.json', 'utf8'));
    expect(JSON.parse(run.stdout)).toMatchObject({ title: 'infrabot.yaml', type: 'object' });
  });
});
