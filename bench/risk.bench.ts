import { readResourceChange } from '../core/plan/resource-change';
import { summarizePlan } from '../core/plan/summarize';
import type { ResourceChange } from '../core/plan/summary';
import { RiskClassifier } from '../core/risk/classify';
import { defaultRiskOptions } from '../core/risk/risk-flag';
import { syntheticPlan } from '../test/fixtures/plans/synthetic-plan';
import { type BenchTable, defineBench } from './registry';

/**
 * What classifying risks adds to summarizing a 50,000-change plan, in process: the summary (parsing the JSON
 * text, reading, counting and classifying every change) against the classifier alone over the same changes,
 * already read. Two plans: the synthetic one the summarize bench uses (instances only, which no rule looks
 * at), and the same with every tenth change a type the rules inspect (databases replaced, security group rules,
 * inline IAM policies as JSON strings, public access blocks), so the rules themselves run 5,000 times.
 */

const changes = 50_000;
const rounds = 7;
const targetPercent = 10;

/** Changes the rules inspect in full, cycled over every tenth change of the mixed plan. */
const inspected: ReadonlyArray<(index: number) => Record<string, unknown>> = [
  (index) =>
    change(index, 'aws_db_instance', ['delete', 'create'], { engine_version: '15.4' }, { engine_version: '16.1' }),
  (index) =>
    change(index, 'aws_security_group_rule', ['create'], null, {
      type: 'ingress',
      from_port: 443,
      to_port: 443,
      protocol: 'tcp',
      cidr_blocks: ['0.0.0.0/0'],
    }),
  (index) =>
    change(
      index,
      'aws_iam_role_policy',
      ['update'],
      { policy: policy('s3:ListBucket') },
      { policy: policy('s3:GetObject') },
    ),
  (index) =>
    change(
      index,
      'aws_s3_bucket_public_access_block',
      ['update'],
      { block_public_acls: true, block_public_policy: true },
      { block_public_acls: true, block_public_policy: true },
    ),
];

function policy(action: string): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: [action], Resource: 'arn:aws:s3:::reports/*' }],
  });
}

function change(
  index: number,
  type: string,
  actions: string[],
  before: Record<string, unknown> | null,
  after: Record<string, unknown> | null,
): Record<string, unknown> {
  return {
    address: `module.data_${index % 50}.${type}.r["r${index}"]`,
    mode: 'managed',
    type,
    name: 'r',
    provider_name: 'registry.terraform.io/hashicorp/aws',
    change: {
      actions,
      before,
      after,
      after_unknown: {},
      before_sensitive: before === null ? false : {},
      after_sensitive: after === null ? false : {},
      ...(actions.length === 2 ? { replace_paths: [['engine_version']] } : {}),
    },
  };
}

function mixedPlan(): Record<string, unknown> {
  const plan = syntheticPlan({ changes });
  const entries = plan.resource_changes as Record<string, unknown>[];
  for (let index = 0; index < entries.length; index += 10) {
    const make = inspected[(index / 10) % inspected.length];
    if (make) entries[index] = make(index);
  }
  return plan;
}

/** The fastest of the rounds, in ms: the least disturbed by other work on a shared machine. */
function best(run: () => void): number {
  let fastest = Number.POSITIVE_INFINITY;
  for (let round = 0; round < rounds; round += 1) {
    const started = performance.now();
    run();
    fastest = Math.min(fastest, performance.now() - started);
  }
  return fastest;
}

function measure(name: string, plan: Record<string, unknown>): { row: string[]; percent: number } {
  const text = JSON.stringify(plan);
  const entries = plan.resource_changes as unknown[];
  const read: ResourceChange[] = entries.map((entry, index) => readResourceChange(entry, () => `[${index}]`));
  let flags = 0;
  const summaryMs = best(() => {
    flags = summarizePlan(text).risks?.length ?? 0;
  });
  const classifyMs = best(() => {
    const classifier = new RiskClassifier(defaultRiskOptions);
    for (let index = 0; index < entries.length; index += 1)
      classifier.add(entries[index], read[index] as ResourceChange);
    classifier.finish();
  });
  const percent = (classifyMs / (summaryMs - classifyMs)) * 100;
  const row = [
    name,
    flags.toLocaleString('en-US'),
    summaryMs.toFixed(0),
    classifyMs.toFixed(1),
    `${percent.toFixed(1)}%`,
  ];
  return { row, percent };
}

export default defineBench({
  name: 'risk',
  async run(): Promise<BenchTable[]> {
    const results = [
      measure('synthetic (instances only)', syntheticPlan({ changes })),
      measure('mixed (every 10th inspected)', mixedPlan()),
    ];
    const worst = Math.max(...results.map((result) => result.percent));
    return [
      {
        title: `risk classification of ${changes.toLocaleString('en-US')} changes (best of ${rounds} rounds, in process)`,
        columns: ['plan', 'flags', 'summary ms', 'classify ms', 'added'],
        rows: results.map((result) => result.row),
        notes: [
          'summary: summarizePlan on the JSON text (parse, read, count, classify); classify: the classifier alone',
          `target: classifying adds at most ${targetPercent}% to the summary: ${worst.toFixed(1)}%, ${worst <= targetPercent ? 'met' : 'NOT MET'}`,
        ],
      },
    ];
  },
});
