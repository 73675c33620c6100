import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { plansDir } from '../../../support/plan-fixtures';

const root = fileURLToPath(new URL('../../../../', import.meta.url));
const run = promisify(execFile);

async function infrabot(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run('node', ['bin/infrabot.mjs', ...args], { cwd: root });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

const plan = (name: string) => join(plansDir, name);

describe('infrabot summarize', () => {
  it('prints the summary as JSON', async () => {
    const result = await infrabot('summarize', plan('real-1.2-mixed.json'), '--format', 'json');

    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout);
    expect(Object.keys(summary)).toEqual(
      expect.arrayContaining(['counts', 'hasChanges', 'changes', 'drift', 'outputs']),
    );
    expect(summary.counts).toEqual({ create: 1, update: 1, delete: 1, replace: 1, import: 0, move: 1, read: 0 });
    expect(result.stdout).not.toContain('hunter');
  });

  it('lists the risks of a plan that replaces a database, opens port 22 to the world and allows Action "*"', async () => {
    const result = await infrabot('summarize', plan('risky-plan.json'), '--format', 'json');

    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).risks).toEqual([
      {
        rule: 'stateful-delete',
        address: 'aws_db_instance.main',
        reason: 'aws_db_instance.main will be replaced (engine_version forces it): a database loses its data',
      },
      {
        rule: 'public-exposure',
        address: 'aws_security_group_rule.ssh',
        reason: 'aws_security_group_rule.ssh opens port 22 from 0.0.0.0/0',
      },
      {
        rule: 'iam-widening',
        address: 'aws_iam_role_policy.deployer',
        reason: 'aws_iam_role_policy.deployer now allows Action "*" in its policy',
      },
    ]);
    expect(result.stdout).not.toContain('SECRET-');
  });

  it('lists no risks for tags, port 443 to the world and s3:GetObject on one bucket', async () => {
    const result = await infrabot('summarize', plan('safe-plan.json'), '--format', 'json');

    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).risks).toEqual([]);
  });

  it('prints the PR comment by default, with the plan text and log link', async () => {
    const result = await infrabot(
      'summarize',
      plan('real-1.2-mixed.json'),
      '--stack',
      'aws/prod/network',
      '--text',
      plan('real-1.2-mixed.txt'),
      '--log-url',
      'https://logs.example.com/j-1',
    );

    expect(result.code).toBe(0);
    expect(result.stdout.startsWith('<!-- infrabot:stack=aws/prod/network -->\n')).toBe(true);
    expect(result.stdout).toContain('<details><summary>Plan output</summary>');
    expect(result.stdout).toContain('(https://logs.example.com/j-1)');
  });

  it('prints Slack blocks', async () => {
    const result = await infrabot('summarize', plan('v1.2-import.json'), '--format', 'slack', '--stack', 's');

    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).blocks[0].type).toBe('header');
  });

  it("prints the markdown summary with no other argument, Terraform's own Plan line first and no stack header", async () => {
    const result = await infrabot('summarize', plan('real-1.2-mixed.json'));

    expect(result.code).toBe(0);
    expect(result.stdout.split('\n')[0]).toBe('Plan: 2 to add, 1 to change, 2 to destroy.');
    expect(result.stdout).not.toContain('infrabot:stack=');
    expect(result.stdout).toContain('In detail: 1 to create, 1 to update, 1 to replace, 1 to delete, 1 moved.');
  });

  it.each([
    ['a file that does not exist', 'missing.json', 'reading plan "missing.json": no such file'],
    ['a file that is not JSON', plan('garbage.json'), 'not JSON'],
    ['a state file', plan('real-state.json'), 'this is a Terraform state, not a plan'],
    ['a document without format_version', plan('not-a-plan-no-format.json'), 'no format_version'],
  ])('refuses %s with one line and exit 1', async (_what, file, message) => {
    const result = await infrabot('summarize', file, '--format', 'json');

    expect(result.code).toBe(1);
    expect(result.stderr).toContain(message);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).not.toMatch(/\bat .+:\d+:\d+/);
  });

  it('refuses a plan text file that does not exist', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'infrabot-summarize-'));
    writeFileSync(join(dir, 'plan.json'), '{"format_version":"1.2","planned_values":{}}');

    const result = await infrabot('summarize', join(dir, 'plan.json'), '--stack', 's', '--text', join(dir, 'nope.txt'));

    expect(result.code).toBe(1);
    expect(result.stderr).toContain('reading plan text');
  });
});
