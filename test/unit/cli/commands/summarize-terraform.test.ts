import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../support/git-repo';
import { runInfrabot } from '../run-infrabot';

const env = { ...process.env, TF_CLI_CONFIG_FILE: '/dev/null', CHECKPOINT_DISABLE: '1', TF_IN_AUTOMATION: '1' };

function terraform(dir: string, ...args: string[]): string {
  return execFileSync('terraform', args, { cwd: dir, env, encoding: 'utf8' });
}

/**
 * Applies `before` with the real terraform, then plans `after` into a saved plan; returns the plan JSON's path and
 * the line Terraform itself prints for that plan (`terraform show PLANFILE`).
 */
function realPlan(before: string, after: string): { planJson: string; terraformLine: string } {
  const dir = tempDir('tf-summary');
  writeFileSync(join(dir, 'main.tf'), before);
  terraform(dir, 'init', '-input=false', '-no-color');
  terraform(dir, 'apply', '-auto-approve', '-input=false', '-no-color');
  writeFileSync(join(dir, 'main.tf'), after);
  terraform(dir, 'plan', '-input=false', '-no-color', '-out=tfplan');
  const planJson = join(dir, 'plan.json');
  writeFileSync(planJson, terraform(dir, 'show', '-json', 'tfplan'));
  const shown = terraform(dir, 'show', '-no-color', 'tfplan');
  return { planJson, terraformLine: /^(Plan: .*|No changes\..*)$/m.exec(shown)?.[1] ?? `no Plan line in:\n${shown}` };
}

const resources = (...blocks: string[]) => blocks.join('\n');
const data = (name: string, body = '') => `resource "terraform_data" "${name}" {\n${body}}\n`;

describe('infrabot summarize against the real terraform', () => {
  it.each([
    [
      'creates, an update, a replace through triggers_replace and a destroy',
      resources(data('keep', '  input = "a"\n'), data('swap', '  triggers_replace = "1"\n'), data('gone')),
      resources(data('keep', '  input = "b"\n'), data('swap', '  triggers_replace = "2"\n'), data('new'), data('more')),
      'Plan: 3 to add, 1 to change, 2 to destroy.',
    ],
    [
      'an import beside a create',
      data('keep'),
      resources(
        data('keep'),
        data('fresh'),
        data('adopted'),
        'import {\n  to = terraform_data.adopted\n  id = "abc"\n}\n',
      ),
      'Plan: 1 to import, 1 to add, 0 to change, 0 to destroy.',
    ],
    [
      'a move only',
      data('old_name'),
      resources(data('new_name'), 'moved {\n  from = terraform_data.old_name\n  to   = terraform_data.new_name\n}\n'),
      'Plan: 0 to add, 0 to change, 0 to destroy.',
    ],
    ['nothing to do', data('keep'), data('keep'), 'No changes. Your infrastructure matches the configuration.'],
  ])(
    'opens the summary of a plan with %s with the line Terraform prints',
    async (_case, before, after, expected) => {
      // Prepare
      const { planJson, terraformLine } = realPlan(before, after);

      // Act
      const result = await runInfrabot(['summarize', planJson]);

      // Assess
      expect(terraformLine).toBe(expected);
      expect(result.code).toBe(0);
      expect(result.stdout.split('\n')[0]).toBe(terraformLine);
    },
    60_000,
  );
});
