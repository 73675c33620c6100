import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../../core/config/load-config';

const minimal = `repository: example-org/infra
stacks:
  - name: aws/prod/network
    dir: ./stacks//aws/prod/network/
    provider: aws
    roles:
      plan: arn:aws:iam::123456789012:role/plan
      apply: arn:aws:iam::123456789012:role/apply
`;

describe('configuration defaults', () => {
  it('fills in every default of a minimal file', () => {
    const result = parseConfig(minimal, 'infrabot.yaml');

    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const { stacks, ...rest } = result.config;
    expect(rest).toEqual({
      repository: 'example-org/infra',
      defaultBranch: 'main',
      terraform: { binary: 'terraform' },
      admins: [],
      people: [],
      jobs: { maxPlanAge: 86_400_000, timeout: 3_600_000, stopGrace: 300_000, concurrency: 4 },
      github: { autoplan: false, comments: 'auto', commentsPerStackMax: 5 },
      risk: { disabled: [], statefulTypes: [], massDestroy: 20, approvals: 2 },
    });
    expect(stacks[0]).toEqual({
      name: 'aws/prod/network',
      dir: 'stacks/aws/prod/network',
      provider: 'aws',
      roles: { plan: 'arn:aws:iam::123456789012:role/plan', apply: 'arn:aws:iam::123456789012:role/apply' },
      appliers: [],
      requirements: [],
    });
  });

  it("reads the risk settings and a stack's own number of approvals", () => {
    const text = `${minimal}    risk: { approvals: 3 }\nrisk:\n  disabled: [mass-destroy]\n  statefulTypes: [custom_vault]\n`;

    const result = parseConfig(text, 'infrabot.yaml');

    expect(result.ok && result.config.risk).toEqual({
      disabled: ['mass-destroy'],
      statefulTypes: ['custom_vault'],
      massDestroy: 20,
      approvals: 2,
    });
    expect(result.ok && result.config.stacks[0]?.risk).toEqual({ approvals: 3 });
  });

  it('refuses an unknown risk rule, naming the rules', () => {
    const result = parseConfig(`${minimal}risk:\n  disabled: [everything]\n`, 'infrabot.yaml');

    expect(result.ok).toBe(false);
    expect(JSON.stringify(result)).toContain(
      'expected one of stateful-delete, iam-widening, public-exposure, mass-destroy',
    );
  });

  it('reads durations as milliseconds and normalizes a stack at the repository root to "."', () => {
    const text = `${minimal.replace('dir: ./stacks//aws/prod/network/', 'dir: ./')}jobs:\n  maxPlanAge: 1h30m\n  timeout: 45m\n`;

    const result = parseConfig(text, 'infrabot.yaml');

    expect(result.ok && result.config.jobs).toEqual({
      maxPlanAge: 5_400_000,
      timeout: 2_700_000,
      stopGrace: 300_000,
      concurrency: 4,
    });
    expect(result.ok && result.config.stacks[0]?.dir).toBe('.');
  });

  it('turns numeric provider ids into strings and defaults the New Relic region', () => {
    const text = minimal.replace(
      'provider: aws',
      `provider: newrelic
    settings:
      newrelic:
        accountId: 1234567
        apiKeySecret: arn:aws:secretsmanager:eu-west-1:123456789012:secret:newrelic`,
    );

    const result = parseConfig(text, 'infrabot.yaml');

    expect(result.ok && result.config.stacks[0]?.settings?.newrelic).toEqual({
      accountId: '1234567',
      region: 'US',
      apiKeySecret: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:newrelic',
    });
  });

  it('reads github.repositoryId as a number, next to the allow-lists', () => {
    const text = `${minimal}github:\n  allowedRefs: [refs/pull/*/merge, refs/heads/main]\n  repositoryId: 123456789\n`;

    const result = parseConfig(text, 'infrabot.yaml');

    expect(result.ok && result.config.github).toEqual({
      autoplan: false,
      comments: 'auto',
      commentsPerStackMax: 5,
      allowedRefs: ['refs/pull/*/merge', 'refs/heads/main'],
      repositoryId: 123456789,
    });
  });
});
