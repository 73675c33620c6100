import { describe, expect, it } from 'vitest';
import { summarizePlan } from '../../../../core/plan/summarize';
import { defaultRiskOptions } from '../../../../core/risk/risk-flag';
import { creating, planOf, updating } from './risk-plans';

const reasons = (plan: unknown, options = defaultRiskOptions) =>
  (summarizePlan(plan, options).risks ?? []).map((flag) => `${flag.rule}: ${flag.reason}`);

const policy = (statement: Record<string, unknown>) =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', ...statement }] });

describe('stateful-delete', () => {
  it('says which attribute forces a replacement', () => {
    const plan = planOf({
      type: 'aws_db_instance',
      address: 'aws_db_instance.main',
      actions: ['delete', 'create'],
      before: { engine_version: '15' },
      after: { engine_version: '16' },
      replacePaths: [['engine_version']],
    });

    expect(reasons(plan)).toEqual([
      'stateful-delete: aws_db_instance.main will be replaced (engine_version forces it): a database loses its data',
    ]);
  });

  it('says when a replacement was asked for with -replace', () => {
    const plan = planOf({
      type: 'aws_s3_bucket',
      actions: ['delete', 'create'],
      before: {},
      after: {},
      actionReason: 'replace_by_request',
    });

    expect(reasons(plan)).toEqual([
      'stateful-delete: aws_s3_bucket.this will be replaced (replacement was requested): a bucket loses its objects',
    ]);
  });

  it('flags a type added in risk.statefulTypes', () => {
    const plan = planOf({ type: 'custom_vault', actions: ['delete'], before: {} });

    expect(reasons(plan, { ...defaultRiskOptions, statefulTypes: ['custom_vault'] })).toEqual([
      'stateful-delete: custom_vault.this will be deleted: it holds data',
    ]);
  });

  it('flags nothing when a stateful resource is only forgotten or updated', () => {
    const plan = planOf(
      { type: 'aws_s3_bucket', address: 'aws_s3_bucket.a', actions: ['forget'], before: {} },
      { type: 'aws_s3_bucket', address: 'aws_s3_bucket.b', actions: ['update'], before: {}, after: {} },
    );

    expect(reasons(plan)).toEqual([]);
  });

  it('flags nothing for a rule turned off in risk.disabled', () => {
    const plan = planOf({ type: 'aws_s3_bucket', actions: ['delete'], before: {} });

    expect(reasons(plan, { ...defaultRiskOptions, disabled: ['stateful-delete'] })).toEqual([]);
  });
});

describe('iam-widening', () => {
  it('flags a policy gaining write actions on Resource "*", in object form too', () => {
    const before = { policy: policy({ Action: 's3:GetObject', Resource: '*' }) };
    const after = { policy: { Statement: { Action: ['s3:GetObject', 's3:PutObject'], Resource: '*' } } };

    expect(reasons(updating('aws_iam_policy', before, after))).toEqual([
      'iam-widening: aws_iam_policy.this now allows s3:PutObject on Resource "*" in its policy',
    ]);
  });

  it('flags nothing for a policy that already allowed "*" and only changes its name', () => {
    const widest = policy({ Action: '*', Resource: '*' });

    expect(reasons(updating('aws_iam_policy', { policy: widest, name: 'a' }, { policy: widest, name: 'b' }))).toEqual(
      [],
    );
  });

  it('flags nothing for read actions on Resource "*" or a Deny', () => {
    const denyAll = JSON.stringify({ Statement: [{ Effect: 'Deny', Action: '*', Resource: '*' }] });

    expect(reasons(creating('aws_iam_policy', { policy: policy({ Action: 'ec2:Describe*', Resource: '*' }) }))).toEqual(
      [],
    );
    expect(reasons(creating('aws_iam_policy', { policy: denyAll }))).toEqual([]);
  });

  it('flags attaching AdministratorAccess', () => {
    const after = { role: 'ci', policy_arn: 'arn:aws:iam::aws:policy/AdministratorAccess' };

    expect(reasons(creating('aws_iam_role_policy_attachment', after))).toEqual([
      'iam-widening: aws_iam_role_policy_attachment.this attaches AdministratorAccess',
    ]);
  });

  it('flags a trust policy opened to anyone or a new account', () => {
    const trust = (principal: unknown) =>
      JSON.stringify({ Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: principal }] });
    const before = { assume_role_policy: trust({ AWS: 'arn:aws:iam::111111111111:root' }) };
    const after = { assume_role_policy: trust({ AWS: ['arn:aws:iam::111111111111:root', '222222222222', '*'] }) };

    expect(reasons(updating('aws_iam_role', before, after))).toEqual([
      'iam-widening: aws_iam_role.this can now be assumed by anyone ("*")',
      'iam-widening: aws_iam_role.this can now be assumed by account 222222222222',
    ]);
  });

  it('flags Google bindings of owner, admin roles, and any role to allUsers', () => {
    const plan = planOf(
      {
        type: 'google_project_iam_member',
        address: 'a',
        actions: ['create'],
        after: { role: 'roles/owner', member: 'user:x@example.com' },
      },
      {
        type: 'google_storage_bucket_iam_binding',
        address: 'b',
        actions: ['create'],
        after: { role: 'roles/storage.objectViewer', members: ['allUsers'] },
      },
      {
        type: 'google_project_iam_member',
        address: 'c',
        actions: ['create'],
        after: { role: 'roles/iam.securityAdmin', member: 'group:ops@example.com' },
      },
      {
        type: 'google_project_iam_member',
        address: 'd',
        actions: ['create'],
        after: { role: 'roles/viewer', member: 'user:x@example.com' },
      },
    );

    expect(reasons(plan)).toEqual([
      'iam-widening: a grants roles/owner to user:x@example.com',
      'iam-widening: b grants roles/storage.objectViewer to allUsers',
      'iam-widening: c grants roles/iam.securityAdmin to group:ops@example.com',
    ]);
  });

  it('flags GitHub organization admins and admin permission on a repository', () => {
    const plan = planOf(
      {
        type: 'github_membership',
        address: 'm',
        actions: ['update'],
        before: { role: 'member' },
        after: { role: 'admin' },
      },
      { type: 'github_team_repository', address: 't', actions: ['create'], after: { permission: 'admin' } },
      { type: 'github_repository_collaborator', address: 'c', actions: ['create'], after: { permission: 'push' } },
    );

    expect(reasons(plan)).toEqual([
      'iam-widening: m makes a member of the organization an admin',
      'iam-widening: t makes a team on the repository an admin',
    ]);
  });
});

describe('public-exposure', () => {
  it('flags security group ingress from anywhere beyond 80 and 443, IPv6 too', () => {
    const ingress = (from: number, to: number, cidrs: Record<string, string[]>) => ({
      protocol: 'tcp',
      from_port: from,
      to_port: to,
      ...cidrs,
    });
    const before = { ingress: [ingress(443, 443, { cidr_blocks: ['0.0.0.0/0'] })] };
    const after = {
      ingress: [
        ingress(443, 443, { cidr_blocks: ['0.0.0.0/0'] }),
        ingress(80, 80, { cidr_blocks: ['0.0.0.0/0'] }),
        ingress(5432, 5432, { ipv6_cidr_blocks: ['::/0'] }),
        ingress(8000, 9000, { cidr_blocks: ['0.0.0.0/0'] }),
        ingress(22, 22, { cidr_blocks: ['10.0.0.0/8'] }),
      ],
    };

    expect(reasons(updating('aws_security_group', before, after))).toEqual([
      'public-exposure: aws_security_group.this opens port 5432 from ::/0',
      'public-exposure: aws_security_group.this opens ports 8000-9000 from 0.0.0.0/0',
    ]);
  });

  it('flags all ports of a rule with protocol -1, and a NACL and a Google firewall open to the world', () => {
    const plan = planOf(
      {
        type: 'aws_vpc_security_group_ingress_rule',
        address: 'r',
        actions: ['create'],
        after: { ip_protocol: '-1', cidr_ipv4: '0.0.0.0/0' },
      },
      {
        type: 'aws_network_acl_rule',
        address: 'n',
        actions: ['create'],
        after: {
          egress: false,
          rule_action: 'allow',
          protocol: '6',
          from_port: 3389,
          to_port: 3389,
          cidr_block: '0.0.0.0/0',
        },
      },
      {
        type: 'google_compute_firewall',
        address: 'f',
        actions: ['create'],
        after: {
          direction: 'INGRESS',
          source_ranges: ['0.0.0.0/0'],
          allow: [{ protocol: 'tcp', ports: ['443', '22'] }],
        },
      },
    );

    expect(reasons(plan)).toEqual([
      'public-exposure: r opens all ports from 0.0.0.0/0',
      'public-exposure: n opens port 3389 from 0.0.0.0/0',
      'public-exposure: f opens port 22 from 0.0.0.0/0',
    ]);
  });

  it('flags public access blocks turned off, public ACLs, Principal "*" and public repositories', () => {
    const anyone = JSON.stringify({
      Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: '*' }],
    });
    const plan = planOf(
      {
        type: 'aws_s3_bucket_public_access_block',
        address: 'b',
        actions: ['update'],
        before: { block_public_policy: true },
        after: { block_public_policy: false },
      },
      { type: 'aws_s3_bucket_acl', address: 'a', actions: ['create'], after: { acl: 'public-read' } },
      { type: 'aws_s3_bucket_policy', address: 'p', actions: ['create'], after: { policy: anyone } },
      {
        type: 'github_repository',
        address: 'g',
        actions: ['update'],
        before: { visibility: 'private' },
        after: { visibility: 'public' },
      },
    );

    expect(reasons(plan)).toEqual([
      'public-exposure: b turns block_public_policy off',
      'public-exposure: a sets the public-read ACL',
      'public-exposure: p lets anyone in (Principal "*")',
      'public-exposure: g becomes public',
    ]);
  });
});

describe('unknown and sensitive values', () => {
  it('does not guess a port or a policy known only after apply', () => {
    const plan = planOf(
      {
        type: 'aws_security_group_rule',
        address: 'r',
        actions: ['create'],
        after: { type: 'ingress', protocol: 'tcp', to_port: 22, cidr_blocks: ['0.0.0.0/0'] },
        afterUnknown: { from_port: true },
      },
      {
        type: 'aws_iam_policy',
        address: 'p',
        actions: ['create'],
        after: { name: 'x' },
        afterUnknown: { policy: true },
      },
    );

    expect(reasons(plan)).toEqual([]);
  });

  it('never reads a value marked sensitive, so it cannot reach a reason', () => {
    const plan = creating(
      'google_project_iam_member',
      { role: 'roles/owner', member: 'user:SECRET-person@example.com' },
      { afterSensitive: { member: true } },
    );

    expect(JSON.stringify(summarizePlan(plan).risks)).not.toContain('SECRET-');
  });
});

describe('mass-destroy', () => {
  it('flags more than risk.massDestroy deletions and replacements', () => {
    const deletions = Array.from({ length: 4 }, (_, index) => ({
      type: 'aws_instance',
      address: `aws_instance.n${index}`,
      actions: ['delete'],
      before: {},
    }));

    expect(reasons(planOf(...deletions), { ...defaultRiskOptions, massDestroy: 3 })).toEqual([
      'mass-destroy: 4 resources will be deleted or replaced (more than 3)',
    ]);
    expect(reasons(planOf(...deletions))).toEqual([]);
  });
});
