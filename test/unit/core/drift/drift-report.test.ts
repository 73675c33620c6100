import { describe, expect, it } from 'vitest';
import { driftReportOf, ignoreTest, isInSync } from '../../../../core/drift/drift-report';
import { summarizePlan } from '../../../../core/plan/summarize';

/** A plan in which someone widened a security group in the console, and a bucket was merged but never applied. */
function driftedPlan(overrides: { password?: string } = {}) {
  return {
    format_version: '1.2',
    resource_drift: [
      {
        address: 'aws_security_group.web',
        type: 'aws_security_group',
        change: {
          actions: ['update'],
          before: { ingress: [{ from_port: 443 }], tags: { Owner: 'sre', Team: 'web' }, name: 'web' },
          after: { ingress: [{ from_port: 22 }], tags: { Owner: 'someone', Team: 'web' }, name: 'web' },
        },
      },
      {
        address: 'aws_db_instance.main',
        type: 'aws_db_instance',
        change: {
          actions: ['update'],
          before: { password: 'hunter2', instance_class: 'db.t3.micro' },
          after: { password: overrides.password ?? 'correct horse', instance_class: 'db.t3.micro' },
        },
      },
      {
        address: 'aws_autoscaling_group.web',
        type: 'aws_autoscaling_group',
        change: { actions: ['update'], before: { desired_capacity: 2 }, after: { desired_capacity: 5 } },
      },
    ],
    resource_changes: [
      { address: 'aws_security_group.web', type: 'aws_security_group', change: { actions: ['update'] } },
      { address: 'aws_s3_bucket.logs', type: 'aws_s3_bucket', change: { actions: ['create'] } },
      { address: 'data.aws_iam_policy.read', type: 'aws_iam_policy', change: { actions: ['read'] } },
    ],
  };
}

describe('driftReportOf', () => {
  it('tells resources changed outside Terraform, with their attributes, from code never applied', () => {
    const report = driftReportOf(summarizePlan(driftedPlan()));

    expect(report.outside).toEqual([
      { address: 'aws_autoscaling_group.web', action: 'update', attributes: ['desired_capacity'] },
      { address: 'aws_db_instance.main', action: 'update', attributes: ['password'] },
      { address: 'aws_security_group.web', action: 'update', attributes: ['ingress', 'tags.Owner'] },
    ]);
    expect(report.pending).toEqual([{ address: 'aws_s3_bucket.logs', action: 'create' }]);
    expect(isInSync(report)).toBe(false);
  });

  it('names a drifted secret but never keeps its value', () => {
    const report = driftReportOf(summarizePlan(driftedPlan()));

    expect(JSON.stringify(report)).not.toContain('hunter2');
    expect(JSON.stringify(report)).not.toContain('correct horse');
  });

  it('gives the same drift the same fingerprint whatever the values', () => {
    const first = driftReportOf(summarizePlan(driftedPlan({ password: 'one' })));
    const second = driftReportOf(summarizePlan(driftedPlan({ password: 'two' })));

    expect(second.fingerprint).toBe(first.fingerprint);
  });

  it('changes the fingerprint when another resource drifts', () => {
    const plan = driftedPlan();
    const before = driftReportOf(summarizePlan(plan));
    plan.resource_changes.push({
      address: 'aws_sns_topic.alarms',
      type: 'aws_sns_topic',
      change: { actions: ['delete'] },
    });

    expect(driftReportOf(summarizePlan(plan)).fingerprint).not.toBe(before.fingerprint);
  });

  it('leaves out the addresses and attributes drift.ignore names', () => {
    const ignored = ignoreTest(['aws_autoscaling_group.*.desired_capacity', 'aws_s3_bucket.*', '*.tags.Owner']);

    const report = driftReportOf(summarizePlan(driftedPlan()), ignored);

    expect(report.outside.map((resource) => [resource.address, resource.attributes])).toEqual([
      ['aws_db_instance.main', ['password']],
      ['aws_security_group.web', ['ingress']],
    ]);
    expect(report.pending).toEqual([]);
  });

  it('finds a plan with no changes in sync', () => {
    const report = driftReportOf(summarizePlan({ format_version: '1.2', resource_changes: [], planned_values: {} }));

    expect(isInSync(report)).toBe(true);
  });
});
