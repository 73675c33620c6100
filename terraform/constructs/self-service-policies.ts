import type { Config } from '../../core/config/schema';
import type { DeployModel } from '../model';
import { allow, type PolicyStatement } from '../policy';

/** `cloudfront:ListDistributions`, which the bot (`/cdn which`) and the worker (finding a target) call. */
export function listDistributions(): PolicyStatement {
  // AWS offers nothing narrower: ListDistributions has no resource-level permissions.
  return allow('FindDistributions', ['cloudfront:ListDistributions'], ['*']);
}

/**
 * What the `/cdn` and `/logs` worker may do in AWS, by concern, from the sections of infrabot.yaml: `cdn`
 * creates and reads invalidations of the distributions listed there and lists distributions; `athena` runs
 * queries in the configured workgroups on the presets' tables, writes results to the results location and
 * reads the tables' data (only when `selfService.athenaResultsLocation` is set). A concern without its
 * section is absent.
 */
export function selfServiceStatements(model: DeployModel, accountId: string): Record<string, PolicyStatement[]> {
  const { config, inputs } = model;
  const arn = (service: string, resource: string) => `arn:aws:${service}:${inputs.region}:${accountId}:${resource}`;
  const concerns: Record<string, PolicyStatement[]> = {};
  if (config?.cdn) {
    const distributions = config.cdn.distributions;
    concerns.cdn = [
      ...(distributions.length > 0
        ? [
            allow(
              'InvalidateListedDistributions',
              ['cloudfront:CreateInvalidation', 'cloudfront:GetInvalidation'],
              distributions.map((d) => `arn:aws:cloudfront::${accountId}:distribution/${d.id}`),
            ),
          ]
        : []),
      listDistributions(),
    ];
  }
  if (config?.logs && inputs.selfService.athenaResultsLocation) {
    concerns.athena = athenaStatements(config.logs, model, arn);
  }
  return concerns;
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
      ['athena:StartQueryExecution', 'athena:GetQueryExecution', 'athena:GetQueryResults', 'athena:StopQueryExecution'],
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
