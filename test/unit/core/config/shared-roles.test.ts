import { describe, expect, it } from 'vitest';
import { sharedRoles } from '../../../../core/config/shared-roles';
import { stack } from '../../../support/run-spec';

const role = (name: string) => `arn:aws:iam::123456789012:role/${name}`;

describe('sharedRoles', () => {
  it('finds nothing when every stack names its own plan and apply roles', () => {
    expect(
      sharedRoles([
        stack({ name: 'aws/prod', dir: 'p', roles: { plan: role('prod-plan'), apply: role('prod-apply') } }),
        stack({ name: 'aws/dev', dir: 'd', roles: { plan: role('dev-plan'), apply: role('dev-apply') } }),
      ]),
    ).toEqual([]);
  });

  it('names a plan role two stacks share, and a stack whose plan runs as its apply role, where they are named', () => {
    // Act
    const shared = sharedRoles([
      stack({ name: 'aws/prod', dir: 'p', roles: { plan: role('reader'), apply: role('prod-apply') } }),
      stack({ name: 'aws/dev', dir: 'd', roles: { plan: role('reader'), apply: role('dev-apply') } }),
      stack({ name: 'aws/sandbox', dir: 's', roles: { plan: role('sandbox'), apply: role('sandbox') } }),
    ]);

    // Assess
    expect(shared).toEqual([
      { role: role('reader'), uses: ['aws/prod roles.plan', 'aws/dev roles.plan'] },
      { role: role('sandbox'), uses: ['aws/sandbox roles.plan', 'aws/sandbox roles.apply'] },
    ]);
  });
});
