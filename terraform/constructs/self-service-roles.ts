import { Construct } from 'constructs';
import type { Config } from '../../core/config/schema';
import type { DeployModel } from '../model';
import { allow, type PolicyStatement, writeLogs } from '../policy';
import { ServiceRole } from './iam';

export interface SelfServiceRolesProps {
  model: DeployModel;
  accountId: string;
}

/**
 * The roles of the `/cdn` and `/logs` workers (the Lambdas that run them are added with those commands):
 * the CDN role may create and read invalidations of the distributions listed in infrabot.yaml and list
 * distributions; the logs role may run queries in the configured workgroups on the presets' tables, write
 * results to the results location and read the tables' data. Each is created only when its section exists.
 */
export class SelfServiceRoles extends Construct {
  readonly cdn: ServiceRole | undefined;
  readonly logs: ServiceRole | undefined;

  constructor(scope: Construct, id: string, { model, accountId }: SelfServiceRolesProps) {
    super(scope, id);
    const { config, inputs } = model;
    const arn = (service: string, resource: string) => `arn:aws:${service}:${inputs.region}:${accountId}:${resource}`;
    const ownLogs = (name: string) => writeLogs('WriteOwnLogs', arn('logs', `log-group:/aws/lambda/${name}`));
    const distributions = config?.cdn?.distributions ?? [];
    if (distributions.length > 0) {
      const name = `${inputs.namePrefix}-cdn`;
      this.cdn = new ServiceRole(this, 'cdn', {
        name,
        description: 'infrabot /cdn worker',
        service: 'lambda.amazonaws.com',
      });
      this.cdn.allow('cdn', [
        allow(
          'InvalidateListedDistributions',
          ['cloudfront:CreateInvalidation', 'cloudfront:GetInvalidation', 'cloudfront:ListInvalidations'],
          distributions.map((d) => `arn:aws:cloudfront::${accountId}:distribution/${d.id}`),
        ),
        // AWS offers nothing narrower: ListDistributions has no resource-level permissions.
        allow('FindDistributions', ['cloudfront:ListDistributions'], ['*']),
        ownLogs(name),
      ]);
    }
    const location = inputs.selfService.athenaResultsLocation;
    if (config?.logs && location) {
      const name = `${inputs.namePrefix}-logs`;
      this.logs = new ServiceRole(this, 'logs', {
        name,
        description: 'infrabot /logs worker',
        service: 'lambda.amazonaws.com',
      });
      this.logs.allow('athena', [...athenaStatements(config.logs, model, arn), ownLogs(name)]);
    }
  }
}

type ArnOf = (service: string, resource: string) => string;

function athenaStatements(logs: NonNullable<Config['logs']>, model: DeployModel, arn: ArnOf): PolicyStatement[] {
  const { selfService } = model.inputs;
  const workgroups = unique([logs.workgroup, ...logs.presets.map((p) => p.workgroup ?? logs.workgroup)]);
  const tables = logs.presets.flatMap((preset) => {
    const database = preset.database ?? logs.database;
    const names = selfService.athenaTables ?? tablesIn(preset.sql);
    return names.map((table) => ({ database, table }));
  });
  const databases = unique([logs.database, ...tables.map((t) => t.database)]);
  const statements = [
    allow(
      'QueryInWorkgroups',
      [
        'athena:StartQueryExecution',
        'athena:GetQueryExecution',
        'athena:GetQueryResults',
        'athena:StopQueryExecution',
        'athena:GetWorkGroup',
      ],
      workgroups.map((wg) => arn('athena', `workgroup/${wg}`)),
    ),
    allow(
      'ReadPresetTables',
      ['glue:GetDatabase', 'glue:GetTable', 'glue:GetPartitions'],
      [
        arn('glue', 'catalog'),
        ...databases.map((db) => arn('glue', `database/${db}`)),
        ...unique(tables.map((t) => arn('glue', `table/${t.database}/${t.table}`))),
      ],
    ),
    ...s3Access('Results', selfService.athenaResultsLocation ?? '', [
      's3:GetObject',
      's3:PutObject',
      's3:AbortMultipartUpload',
    ]),
  ];
  for (const [index, location] of selfService.athenaDataLocations.entries()) {
    statements.push(...s3Access(`Data${index}`, location, ['s3:GetObject']));
  }
  return statements;
}

/** Object and bucket access for one `s3://bucket/prefix/` location. */
function s3Access(label: string, location: string, objectActions: string[]): PolicyStatement[] {
  const [bucket = '', ...rest] = location.replace(/^s3:\/\//, '').split('/');
  const prefix = rest.join('/');
  return [
    allow(`${label}Objects`, objectActions, [`arn:aws:s3:::${bucket}/${prefix}*`]),
    allow(`${label}Bucket`, ['s3:GetBucketLocation', 's3:ListBucket'], [`arn:aws:s3:::${bucket}`]),
  ];
}

/** The table names after FROM and JOIN in a preset's SQL (the last part of `db.table`, without quotes). */
export function tablesIn(sql: string): string[] {
  const names = [...sql.matchAll(/\b(?:FROM|JOIN)\s+([A-Za-z0-9_."]+)/gi)].map((match) => {
    const parts = (match[1] ?? '').replaceAll('"', '').split('.');
    return parts[parts.length - 1] ?? '';
  });
  return unique(names.filter((name) => /^[A-Za-z0-9_]+$/.test(name)));
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}
