import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../support/git-repo';
import { policyStatements, resourcesOf, resourceWhere, statement, synthInfrabot, type TerraformJson } from './synth';

const dir = tempDir('many-stacks');
const count = 60;
const role = (index: number, action: string) => `arn:aws:iam::123456789012:role/team-${index}-${action}`;

/** A config of `count` AWS stacks, each with its own plan and apply role. */
function manyStacks(): string {
  const stacks = Array.from({ length: count }, (_, index) =>
    [
      `  - name: aws/team-${index}/app`,
      `    dir: stacks/team-${index}`,
      '    provider: aws',
      '    roles:',
      `      plan: ${role(index, 'plan')}`,
      `      apply: ${role(index, 'apply')}`,
    ].join('\n'),
  );
  const path = join(dir, 'infrabot.yaml');
  writeFileSync(path, ['repository: example-org/terraform-live', 'stacks:', ...stacks, ''].join('\n'));
  return path;
}

let json: TerraformJson;
let few: TerraformJson;

beforeAll(() => {
  json = synthInfrabot({ configPath: manyStacks() });
  few = synthInfrabot();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The CodeBuild projects whose service role may assume `arn`, by name. */
function projectsAssuming(arn: string): string[] {
  return resourcesOf(json, 'aws_iam_role')
    .map((candidate) => String(candidate.name))
    .filter((name) => name.startsWith('infrabot-plan-') || name.startsWith('infrabot-apply-'))
    .filter((name) => JSON.stringify(statement(json, `${name}-build`, 'AssumeOwnStackRole')).includes(`"${arn}"`));
}

describe('a deployment of 60 stacks', () => {
  it('lets each stack role be assumed by exactly one project: its own stack’s, of the same action', () => {
    for (const index of [0, 17, 59]) {
      expect(projectsAssuming(role(index, 'plan'))).toEqual([
        expect.stringMatching(new RegExp(`^infrabot-plan-aws-team-${index}-app-[0-9a-f]{8}$`)),
      ]);
      expect(projectsAssuming(role(index, 'apply'))).toEqual([
        expect.stringMatching(new RegExp(`^infrabot-apply-aws-team-${index}-app-[0-9a-f]{8}$`)),
      ]);
    }
    expect(resourcesOf(json, 'aws_codebuild_project')).toHaveLength(2 * count);
  });

  it('gives the Lambdas the same CodeBuild grants as 4 stacks do, so no policy outgrows IAM’s size limit', () => {
    for (const policy of [
      'infrabot-bot-lambda-app',
      'infrabot-dispatcher-lambda-app',
      'infrabot-notifier-lambda-app',
    ]) {
      const codebuild = (of: TerraformJson) =>
        policyStatements(of, policy).filter((s) => (s.Action as string[]).some((a) => a.startsWith('codebuild:')));
      expect(codebuild(json)).toEqual(codebuild(few));
      expect(JSON.stringify(policyStatements(json, policy)).length).toBeLessThan(10_240);
    }
    const rule = (of: TerraformJson) =>
      resourceWhere(of, 'aws_cloudwatch_event_rule', 'name', 'infrabot-build-finished').event_pattern;
    expect(rule(json)).toEqual(rule(few));
  });
});
