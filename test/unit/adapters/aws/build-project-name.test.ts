import { describe, expect, it } from 'vitest';
import { buildProjectName, buildProjectNamePrefixes } from '../../../../adapters/aws/build-project-name';

describe('buildProjectName', () => {
  it('names a stack’s plan and apply projects after the stack, with a digest of its exact name', () => {
    expect(buildProjectName('infrabot', 'plan', 'aws/prod/network')).toBe('infrabot-plan-aws-prod-network-92fa455e');
    expect(buildProjectName('infrabot', 'apply', 'aws/prod/network')).toBe('infrabot-apply-aws-prod-network-92fa455e');
  });

  it('keeps apart two stacks whose names shorten alike', () => {
    // Act
    const names = ['aws/prod/network', 'aws/prod-network', 'aws/prod_network', 'aws/prod.network'].map((stack) =>
      buildProjectName('infrabot', 'plan', stack),
    );

    // Assess
    expect(new Set(names).size).toBe(4);
    for (const name of names) expect(name).toMatch(/^infrabot-plan-aws-prod-network-[0-9a-f]{8}$/);
  });

  it('fits a long stack name and the longest prefix within the 64 characters of an IAM role name', () => {
    // Prepare
    const stack = 'aws/production/eu-west-1/networking/transit-gateway-attachments/shared-services';

    // Act
    const name = buildProjectName('a-twenty-four-char-prefx', 'apply', stack);

    // Assess
    expect(name).toBe('a-twenty-four-char-prefx-apply-aws-production-eu-west-1-adb8d08f');
    expect(name).toHaveLength(64);
  });

  it('begins with one of the prefixes the Lambdas are granted and EventBridge matches', () => {
    const [plan, apply] = buildProjectNamePrefixes('infrabot');

    expect(buildProjectName('infrabot', 'plan', 'github/org').startsWith(plan ?? '')).toBe(true);
    expect(buildProjectName('infrabot', 'apply', 'github/org').startsWith(apply ?? '')).toBe(true);
  });
});
