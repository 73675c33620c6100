import { describe, expect, it } from 'vitest';
import { formatConfigError, formatConfigErrorAt } from '../../../../core/config/config-error';
import { parseConfig } from '../../../../core/config/load-config';

const plan = 'arn:aws:iam::123456789012:role/plan';
const apply = 'arn:aws:iam::123456789012:role/apply';

/** A valid file with two stacks; `extra` lines are appended at the top level, `stack` lines to the first stack. */
function yaml({ stack = '', extra = '', second = '' } = {}): string {
  return `repository: example-org/infra
stacks:
  - name: aws/prod/network
    dir: stacks/aws/prod/network
    provider: aws
    roles:
      plan: ${plan}
      apply: ${apply}
${stack}  - name: aws/prod/dns
    dir: stacks/aws/prod/dns
    provider: aws
    roles: { plan: "${plan}", apply: "${apply}" }
${second}${extra}`;
}

function errorsOf(text: string): string[] {
  const result = parseConfig(text, 'infrabot.yaml');
  if (result.ok) throw new Error('expected the config to be refused');
  return result.errors.map(formatConfigError);
}

const cases: { name: string; text: string; errors: string[] }[] = [
  {
    name: 'a role that is not an IAM role ARN',
    text: yaml().replace(`apply: ${apply}`, 'apply: infrabot-apply'),
    errors: ['stacks[0].roles.apply: expected an IAM role ARN (arn:aws:iam::<account>:role/<name>)'],
  },
  {
    name: 'an unknown provider',
    text: yaml().replace('provider: aws', 'provider: azure'),
    errors: ['stacks[0].provider: expected one of aws, google, github, newrelic'],
  },
  {
    name: 'a duplicate stack name',
    text: yaml().replace('name: aws/prod/dns', 'name: aws/prod/network'),
    errors: ['stacks[1].name: duplicate stack name "aws/prod/network" (already used by stacks[0])'],
  },
  {
    name: 'a dependency on a stack that does not exist, with the closest name',
    text: yaml({ second: '    dependsOn: [aws/prod/netwrk]\n' }),
    errors: ['stacks[1].dependsOn[0]: unknown stack "aws/prod/netwrk" (did you mean "aws/prod/network"?)'],
  },
  {
    name: 'a stack that depends on itself',
    text: yaml({ second: '    dependsOn: [aws/prod/dns]\n' }),
    errors: ['stacks[1].dependsOn[0]: stack "aws/prod/dns" cannot depend on itself'],
  },
  {
    name: 'a dependency cycle, named along its path',
    text: yaml({ stack: '    dependsOn: [aws/prod/dns]\n', second: '    dependsOn: [aws/prod/network]\n' }),
    errors: [
      'stacks[0].dependsOn: dependency cycle: aws/prod/network → aws/prod/dns → aws/prod/network; stacks in a cycle have no order to apply in',
    ],
  },
  {
    name: 'an applyOn that is neither comment nor merge',
    text: yaml({ second: '    applyOn: push\n' }),
    errors: ['stacks[1].applyOn: expected comment or merge'],
  },
  {
    name: 'an absolute dir',
    text: yaml().replace('dir: stacks/aws/prod/network', 'dir: /srv/infra/network'),
    errors: ['stacks[0].dir: expected a relative directory, not an absolute path'],
  },
  {
    name: 'a dir that climbs out of the repository',
    text: yaml().replace('dir: stacks/aws/prod/network', 'dir: stacks/../../elsewhere'),
    errors: ['stacks[0].dir: expected a directory inside the repository; ".." is not allowed'],
  },
  {
    name: 'a Windows absolute dir',
    text: yaml().replace('dir: stacks/aws/prod/network', 'dir: C:\\infra\\network'),
    errors: ['stacks[0].dir: expected a relative directory, not an absolute path'],
  },
  {
    name: 'an unknown key, with the closest known key',
    text: yaml({ stack: '    aplliers: ["@sre"]\n' }),
    errors: ['stacks[0]: unknown key "aplliers" (did you mean "appliers"?)'],
  },
  {
    name: 'an unknown top-level key with no close match',
    text: yaml({ extra: 'colour: blue\n' }),
    errors: ['unknown key "colour"'],
  },
  {
    name: 'a missing required key',
    text: yaml().replace(`      apply: ${apply}\n`, ''),
    errors: ['stacks[0].roles.apply: required'],
  },
  {
    name: 'a missing stack name, whatever the schema calls a name',
    text: yaml().replace('  - name: aws/prod/dns\n    dir', '  - dir'),
    errors: ['stacks[1].name: required'],
  },
  {
    name: 'a missing repository',
    text: yaml().replace('repository: example-org/infra\n', ''),
    errors: ['repository: required'],
  },
  {
    name: 'an empty stack list',
    text: 'repository: example-org/infra\nstacks: []\n',
    errors: ['stacks: expected at least one stack'],
  },
  {
    name: 'a stack name with capitals',
    text: yaml().replace('name: aws/prod/dns', 'name: AWS/prod/dns'),
    errors: [
      'stacks[1].name: expected a stack name of lowercase letters, digits and . _ / - (starting with a letter or digit)',
    ],
  },
  {
    name: 'a stack name with ".."',
    text: yaml().replace('name: aws/prod/dns', 'name: aws/../dns'),
    errors: ['stacks[1].name: a stack name may not contain ".."'],
  },
  {
    name: 'a stack name ending in "/"',
    text: yaml().replace('name: aws/prod/dns', 'name: aws/prod/'),
    errors: ['stacks[1].name: a stack name may not end with "/" or contain an empty segment'],
  },
  {
    name: 'a bad Slack applier',
    text: yaml({ stack: '    appliers: [alice]\n' }),
    errors: ['stacks[0].appliers[0]: expected a Slack user ID (U012ABCDEF) or a user-group handle (@sre)'],
  },
  {
    name: 'an unknown requirement',
    text: yaml({ stack: '    requirements: [approved, green]\n' }),
    errors: ['stacks[0].requirements[1]: expected one of approved, mergeable'],
  },
  {
    name: 'a number given as text',
    text: yaml({ extra: 'jobs:\n  concurrency: "4"\n' }),
    errors: ['jobs.concurrency: expected a number, got "4"'],
  },
  {
    name: 'a number out of range',
    text: yaml({ extra: 'jobs:\n  concurrency: 0\n' }),
    errors: ['jobs.concurrency: expected a number >= 1'],
  },
  {
    name: 'a fractional number where a whole one is needed',
    text: yaml({ extra: 'jobs:\n  concurrency: 1.5\n' }),
    errors: ['jobs.concurrency: expected a whole number, got 1.5'],
  },
  {
    name: 'a duration that is not one',
    text: yaml({ extra: 'jobs:\n  maxPlanAge: a day\n' }),
    errors: ['jobs.maxPlanAge: expected a duration such as 30s, 15m, 24h or 7d'],
  },
  {
    name: 'a list where a mapping belongs',
    text: yaml({ extra: 'github: [autoplan]\n' }),
    errors: ['github: expected a mapping (key: value), got a list'],
  },
  {
    name: 'a terraform binary that is neither terraform nor tofu',
    text: yaml({ extra: 'terraform: { binary: terragrunt }\n' }),
    errors: ['terraform.binary: expected terraform or tofu'],
  },
  {
    name: 'a repository that is not owner/name',
    text: yaml().replace('repository: example-org/infra', 'repository: https://github.com/example-org/infra'),
    errors: ['repository: expected owner/name of a GitHub repository'],
  },
  {
    name: 'a yes/no word where a boolean belongs (YAML 1.2 reads it as text)',
    text: yaml({ extra: 'github: { autoplan: yes }\n' }),
    errors: ['github.autoplan: expected true or false, got "yes"'],
  },
  {
    name: 'a repository id that is not a number',
    text: yaml({ extra: 'github: { repositoryId: example-org/infra }\n' }),
    errors: ['github.repositoryId: expected a number, got "example-org/infra"'],
  },
  {
    name: 'a repository id that is not positive',
    text: yaml({ extra: 'github: { repositoryId: 0 }\n' }),
    errors: ['github.repositoryId: expected a number > 0'],
  },
  {
    name: 'a fractional repository id',
    text: yaml({ extra: 'github: { repositoryId: 12.5 }\n' }),
    errors: ['github.repositoryId: expected a whole number, got 12.5'],
  },
];

describe('parseConfig', () => {
  it.each(cases)('reports $name', ({ text, errors }) => {
    expect(errorsOf(text)).toEqual(errors);
  });

  it('reports every problem at once, in file order', () => {
    const text = yaml({ extra: 'jobs:\n  timeout: soon\n' })
      .replace('provider: aws', 'provider: azure')
      .replace('name: aws/prod/dns', 'name: aws/prod/network');

    expect(errorsOf(text)).toEqual([
      'stacks[0].provider: expected one of aws, google, github, newrelic',
      'stacks[1].name: duplicate stack name "aws/prod/network" (already used by stacks[0])',
      'jobs.timeout: expected a duration such as 30s, 15m, 24h or 7d',
    ]);
  });

  it('gives each error the line and column of the entry at fault', () => {
    const result = parseConfig(yaml().replace(`apply: ${apply}`, 'apply: nope'), 'infra/infrabot.yaml');

    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors[0]).toMatchObject({ source: 'infra/infrabot.yaml', line: 8, column: 7 });
    expect(formatConfigErrorAt(result.errors[0] as never)).toBe(
      'infra/infrabot.yaml:8:7: stacks[0].roles.apply: expected an IAM role ARN (arn:aws:iam::<account>:role/<name>)',
    );
  });

  it('points an unknown key at the key itself', () => {
    const result = parseConfig(yaml({ second: '    colour: blue\n' }), 'infrabot.yaml');

    expect(result.ok ? [] : result.errors).toEqual([
      {
        kind: 'schema',
        source: 'infrabot.yaml',
        path: 'stacks[1]',
        message: 'unknown key "colour"',
        line: 13,
        column: 5,
      },
    ]);
  });

  it('reports YAML syntax errors with their line and column', () => {
    const result = parseConfig('repository: example-org/infra\nstacks: [\n', 'infrabot.yaml');

    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors[0]).toMatchObject({ path: '', line: 3, column: 1 });
    expect(formatConfigError(result.errors[0] as never)).toMatch(/^line 3, column 1: invalid YAML: Flow sequence/);
  });

  it('refuses duplicate keys in a mapping', () => {
    const result = parseConfig('repository: a/b\nrepository: c/d\nstacks: []\n', 'infrabot.yaml');

    expect(result.ok ? [] : result.errors.map(formatConfigErrorAt)).toEqual([
      'infrabot.yaml:2:1: invalid YAML: Map keys must be unique',
    ]);
  });

  it('refuses an empty file and one that is not a mapping', () => {
    expect(errorsOf('')).toEqual(['the file is empty; expected at least "repository" and "stacks"']);
    expect(errorsOf('# only a comment\n')).toEqual(['the file is empty; expected at least "repository" and "stacks"']);
    expect(errorsOf('- a\n- b\n')).toEqual(['expected a mapping (key: value), got a list']);
  });

  it('refuses a file that expands aliases without bound', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (const name of 'bcdefgh')
      bomb.push(
        `${name}: &${name} [${Array(10)
          .fill(`*${String.fromCharCode(name.charCodeAt(0) - 1)}`)
          .join(', ')}]`,
      );

    expect(errorsOf(`${bomb.join('\n')}\n`)[0]).toMatch(/^invalid YAML: /);
  });
});
