import { describe, expect, it } from 'vitest';
import { PlanFormatError, safeSummarizePlan, summarizePlan } from '../../../../core/plan/summarize';
import type { ChangeCounts, ResourceChange } from '../../../../core/plan/summary';
import { planFixture, plantedSecrets } from '../../../support/plan-fixtures';

const zero: ChangeCounts = { create: 0, update: 0, delete: 0, replace: 0, import: 0, move: 0, read: 0 };

interface Case {
  fixture: string;
  counts: Partial<ChangeCounts>;
  hasChanges: boolean;
  actions: Record<string, ResourceChange['action']>;
}

const cases: Case[] = [
  {
    fixture: 'v0.1-actions.json',
    counts: { create: 1, update: 1, delete: 1, replace: 1, read: 1 },
    hasChanges: true,
    actions: {
      'aws_s3_bucket.logs': 'create',
      'aws_instance.web': 'update',
      'module.legacy.aws_iam_user.old': 'delete',
      'data.aws_caller_identity.current': 'read',
      'aws_db_instance.main': 'replace',
    },
  },
  {
    fixture: 'v0.2-drift.json',
    counts: { create: 1, update: 1, replace: 2 },
    hasChanges: true,
    actions: { 'aws_launch_template.app': 'replace', 'aws_db_instance.main': 'replace' },
  },
  {
    fixture: 'v1.0-moved.json',
    counts: { create: 1, update: 1, delete: 1, move: 2 },
    hasChanges: true,
    actions: { 'module.network.aws_subnet.private["a"]': 'no-op', 'aws_route_table.main': 'update' },
  },
  {
    fixture: 'v1.2-import.json',
    counts: { create: 1, update: 2, replace: 1, import: 2, forget: 1 },
    hasChanges: true,
    actions: { 'aws_s3_bucket.imported': 'no-op', 'aws_kms_key.old': 'forget', 'aws_instance.keep_old': 'replace' },
  },
  {
    fixture: 'v1.2-reads-only.json',
    counts: { read: 1 },
    hasChanges: false,
    actions: { 'data.aws_iam_policy_document.assume': 'read' },
  },
  {
    fixture: 'v1.2-errored.json',
    counts: { create: 1 },
    hasChanges: true,
    actions: { 'aws_sqs_queue.jobs': 'create' },
  },
  {
    fixture: 'real-1.2-mixed.json',
    counts: { create: 1, update: 1, delete: 1, replace: 1, move: 1 },
    hasChanges: true,
    actions: { 'terraform_data.new_name': 'no-op', 'terraform_data.replace_me': 'replace' },
  },
  {
    fixture: 'real-1.2-destroy.json',
    counts: { delete: 5 },
    hasChanges: true,
    actions: { 'terraform_data.keep': 'delete' },
  },
  { fixture: 'real-1.2-no-changes.json', counts: {}, hasChanges: false, actions: {} },
  { fixture: 'real-1.2-empty.json', counts: {}, hasChanges: false, actions: {} },
];

describe('summarizePlan', () => {
  it.each(cases)('counts and classifies the changes of $fixture', ({ fixture, counts, hasChanges, actions }) => {
    const summary = summarizePlan(planFixture(fixture));

    expect(summary.counts).toEqual({ ...zero, ...counts });
    expect(summary.hasChanges).toBe(hasChanges);
    const byAddress = Object.fromEntries(summary.changes.map((change) => [change.address, change.action]));
    expect(byAddress).toMatchObject(actions);
  });

  it.each(cases)('keeps no value from $fixture', ({ fixture }) => {
    const text = JSON.stringify(summarizePlan(planFixture(fixture)));

    for (const secret of plantedSecrets) expect(text).not.toContain(secret);
    expect(text).not.toContain('gone soon');
  });

  it('lists no-op changes only when they are imported or moved', () => {
    const summary = summarizePlan(planFixture('v1.0-moved.json'));

    const noOps = summary.changes.filter((change) => change.action === 'no-op');
    expect(noOps).toEqual([
      expect.objectContaining({
        address: 'module.network.aws_subnet.private["a"]',
        movedFrom: 'aws_subnet.private["a"]',
      }),
    ]);
    expect(summary.changes.map((change) => change.address)).not.toContain('aws_eip.nat');
  });

  it('marks imports and moves on the changes themselves', () => {
    const imported = summarizePlan(planFixture('v1.2-import.json')).changes;
    const moved = summarizePlan(planFixture('v1.0-moved.json')).changes;

    expect(imported.find((change) => change.address === 'aws_iam_user.imported_changed')).toMatchObject({
      action: 'update',
      imported: true,
    });
    expect(moved.find((change) => change.address === 'aws_route_table.main')).toMatchObject({
      movedFrom: 'aws_route_table.default',
    });
  });

  it('marks a replacement that keeps the existing object', () => {
    const summary = summarizePlan(planFixture('v1.2-import.json'));

    expect(summary.changes.find((change) => change.address === 'aws_instance.keep_old')).toMatchObject({
      action: 'replace',
      keepsExisting: true,
    });
  });

  it('names the attributes that force a replacement', () => {
    const summary = summarizePlan(planFixture('v0.2-drift.json'));

    const database = summary.changes.find((change) => change.address === 'aws_db_instance.main');
    expect(database?.replaceReasons).toEqual(['engine_version', 'tags.Name', 'ingress[0].cidr_blocks']);
  });

  it('reads drift from resource_drift without counting it', () => {
    const summary = summarizePlan(planFixture('v1.2-reads-only.json'));

    expect(summary.drift).toEqual([expect.objectContaining({ address: 'aws_s3_bucket.site', action: 'update' })]);
    expect(summary.hasChanges).toBe(false);
  });

  it('reports output changes with their sensitivity from every format', () => {
    const old = summarizePlan(planFixture('v0.1-actions.json')).outputs;
    const current = summarizePlan(planFixture('v0.2-drift.json')).outputs;

    expect(old).toEqual([
      { name: 'db_password', action: 'update', sensitive: true },
      { name: 'endpoint', action: 'create', sensitive: false },
    ]);
    expect(current).toEqual([
      { name: 'token', action: 'update', sensitive: true },
      { name: 'nested', action: 'create', sensitive: true },
    ]);
  });

  it('keeps the deposed key and the module of a change', () => {
    const summary = summarizePlan(planFixture('v1.0-moved.json'));

    expect(summary.changes.find((change) => change.deposed)).toMatchObject({
      address: 'aws_instance.bastion',
      deposed: '00000001',
    });
    expect(summary.changes[0]?.module).toBe('module.network');
  });

  it('records the format, the Terraform version and an errored plan', () => {
    const summary = summarizePlan(planFixture('v1.2-errored.json'));

    expect(summary).toMatchObject({ formatVersion: '1.2', terraformVersion: '1.11.4', errored: true });
  });

  it('accepts an already parsed document', () => {
    const summary = summarizePlan(JSON.parse(planFixture('real-1.2-mixed.json')));

    expect(summary.counts.delete).toBe(1);
  });
});

describe('refusing what is not a plan', () => {
  const refusals: Array<{ fixture: string; code: string; says: string }> = [
    { fixture: 'garbage.json', code: 'plan_not_json', says: 'not JSON' },
    { fixture: 'not-a-plan-array.json', code: 'plan_not_an_object', says: 'expected a JSON object' },
    { fixture: 'not-a-plan-no-format.json', code: 'plan_no_format_version', says: 'no format_version' },
    { fixture: 'not-a-plan-future-format.json', code: 'plan_unsupported_format', says: '"2.0"' },
    { fixture: 'real-state.json', code: 'plan_is_state', says: 'Terraform state, not a plan' },
    { fixture: 'state-0.1.json', code: 'plan_is_state', says: 'Terraform state, not a plan' },
    { fixture: 'malformed-actions.json', code: 'plan_malformed', says: 'resource_changes[1].change.actions' },
    { fixture: 'malformed-top-level.json', code: 'plan_malformed', says: 'resource_changes: expected an array' },
    { fixture: 'unknown-action.json', code: 'plan_unknown_action', says: '["teleport"]' },
  ];

  it.each(refusals)('refuses $fixture with $code', ({ fixture, code, says }) => {
    const result = safeSummarizePlan(planFixture(fixture));

    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toBeInstanceOf(PlanFormatError);
    expect(result.error.code).toBe(code);
    expect(result.error.message).toContain(says);
    expect(result.error.message).not.toContain('\n');
  });

  it('throws the typed error from summarizePlan', () => {
    expect(() => summarizePlan('null')).toThrow(PlanFormatError);
  });

  it('never repeats a state value in its message', () => {
    const result = safeSummarizePlan(planFixture('state-0.1.json'));

    expect(result.ok ? '' : result.error.message).not.toContain('SECRET');
  });
});
