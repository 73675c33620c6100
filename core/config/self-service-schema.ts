import { countPlaceholders } from '../logs/placeholders';
import { isValidTimeFormat } from '../logs/time-format';
import * as z from '../zod';
import { DurationSchema, reportDuplicateNames, SlackPrincipalSchema } from './shared-schemas';

/** The `cdn` and `logs` sections of `infrabot.yaml`: self-service from Slack (see docs/self-service.md). */

/** A distribution users may invalidate: the name they type, its id, and who may invalidate it. */
export const CdnDistributionSchema = z.strictObject({
  name: z
    .string()
    .check(
      z.regex(/^[a-z0-9][a-z0-9-]*$/, { error: 'expected a lowercase name of letters, digits and -' }),
      z.describe('What users type in /cdn invalidate <name>.'),
    ),
  id: z
    .string()
    .check(
      z.regex(/^E[A-Z0-9]{5,}$/, { error: 'expected a CloudFront distribution id such as E2QWRUHAPOMQZL' }),
      z.describe('The CloudFront distribution id.'),
    ),
  allowed: z
    .array(SlackPrincipalSchema)
    .check(
      z.minLength(1, { error: 'expected at least one Slack user or user group' }),
      z.describe('Slack user IDs or @user-group handles who may invalidate this distribution.'),
    ),
});
export type CdnDistributionConfig = z.infer<typeof CdnDistributionSchema>;

export const CdnSchema = z
  .strictObject({
    /** Paths per invalidation request, counted after de-duplication (CloudFront's own limit is 3,000). */
    maxPaths: z
      ._default(z.int().check(z.gte(1), z.lte(3000)), 30)
      .check(z.describe('Paths per request, after de-duplication.')),
    /** Wildcard paths per invalidation request (CloudFront allows 15 in progress per distribution). */
    maxWildcards: z._default(z.int().check(z.gte(0), z.lte(15)), 5).check(z.describe('Wildcard paths per request.')),
    distributions: z
      ._default(z.array(CdnDistributionSchema), [])
      .check(z.describe('The only distributions /cdn invalidate accepts, with who may invalidate each.')),
  })
  .check(
    z.superRefine((cdn, ctx) => {
      reportDuplicateNames(cdn.distributions, 'distribution name', ['distributions'], ctx);
      reportDuplicateNames(cdn.distributions, 'distribution id', ['distributions'], ctx, 'id');
    }),
  );
export type CdnConfig = z.infer<typeof CdnSchema>;

/** A typed preset parameter: `string` values may be constrained by a `pattern`. */
export const LogValueParamSchema = z.strictObject({
  name: z.string().check(
    z.regex(/^[a-z][a-z0-9_]*$/, { error: 'expected a lowercase parameter name' }),
    z.refine((name) => name !== 'from' && name !== 'to', {
      error: 'from and to are the time range; write them as plain "from" and "to"',
    }),
  ),
  type: z
    ._default(z.enum(['string', 'integer', 'number']), 'string')
    .check(z.describe('How the value is checked and quoted.')),
  default: z.optional(z.union([z.string(), z.number()])).check(z.describe('Used when the user leaves it out.')),
  pattern: z
    .optional(z.string().check(z.refine(isValidPattern, { error: 'expected a valid regular expression' })))
    .check(z.describe('A regular expression string values must match; anchor it with ^…$.')),
  description: z.optional(z.string()).check(z.describe('Shown by /logs.')),
});
export type LogValueParam = z.infer<typeof LogValueParamSchema>;

/** One entry per `?` of a preset's SQL, in order: `from`, `to`, or a typed parameter. */
export const LogParamSchema = z.union([z.enum(['from', 'to']), LogValueParamSchema], {
  error: 'expected "from", "to" or { name, type, default, pattern }',
});
export type LogParam = z.infer<typeof LogParamSchema>;

export const LogPresetSchema = z
  .strictObject({
    name: z
      .string()
      .check(z.regex(/^[a-z0-9][a-z0-9-]*$/, { error: 'expected a lowercase preset name of letters, digits and -' })),
    description: z._default(z.string(), '').check(z.describe('Shown by /logs.')),
    workgroup: z
      .optional(z.string().check(z.minLength(1)))
      .check(z.describe('Overrides logs.workgroup for this preset.')),
    database: z
      .optional(z.string().check(z.minLength(1)))
      .check(z.describe('Overrides logs.database for this preset.')),
    sql: z
      .string()
      .check(z.minLength(1), z.describe('The query, with one ? per entry of params. Users never send SQL.')),
    params: z
      ._default(z.array(LogParamSchema), [])
      .check(z.describe('One entry per ?, in order: from, to, or a typed parameter.')),
    maxRange: z.prefault(DurationSchema, '7d').check(z.describe('The longest time range a user may ask for.')),
    timeFormat: z
      .optional(
        z
          .string()
          .check(z.refine(isValidTimeFormat, { error: 'expected a layout using only %Y %m %d %H %M %S and %%' })),
      )
      .check(z.describe('Layout of from/to for partitions that are not timestamps, e.g. %Y/%m/%d; UTC.')),
    allowed: z
      .array(SlackPrincipalSchema)
      .check(
        z.minLength(1, { error: 'expected at least one Slack user or user group' }),
        z.describe('Slack user IDs or @user-group handles who may run this preset.'),
      ),
    visibility: z
      ._default(z.enum(['direct', 'channel'], { error: 'expected direct or channel' }), 'direct')
      .check(
        z.describe(
          'Where results go: direct (a DM to whoever ran the preset, the default) or channel (the channel the ' +
            'command came from, readable by everyone in it).',
        ),
      ),
  })
  .check(
    z.superRefine((preset, ctx) => {
      const placeholders = countPlaceholders(preset.sql);
      if (placeholders !== preset.params.length) {
        ctx.addIssue({
          code: 'custom',
          path: ['params'],
          message: `the SQL has ${placeholders} "?" placeholders but ${preset.params.length} params are listed; give one param per "?", in order`,
        });
      }
      const names = preset.params.map((param) => ({ name: paramName(param) }));
      reportDuplicateNames(names, 'parameter', ['params'], ctx);
      preset.params.forEach((param, index) => {
        checkDefault(param, index, ctx);
      });
    }),
  );
export type LogPresetConfig = z.infer<typeof LogPresetSchema>;

export const LogsSchema = z
  .strictObject({
    workgroup: z
      .string()
      .check(z.minLength(1), z.describe('The Athena workgroup; its bytes-scanned cutoff caps every query.')),
    database: z.string().check(z.minLength(1), z.describe('The Glue database the presets query.')),
    maxRows: z
      ._default(z.int().check(z.gte(1), z.lte(1_000_000)), 10_000)
      .check(z.describe('Rows read at most (Athena pages hold 1,000); the reply says when it stopped.')),
    presets: z._default(z.array(LogPresetSchema), []).check(z.describe('The only queries /logs runs.')),
  })
  .check(
    z.superRefine((logs, ctx) => {
      reportDuplicateNames(logs.presets, 'preset name', ['presets'], ctx);
    }),
  );
export type LogsConfig = z.infer<typeof LogsSchema>;

function paramName(param: LogParam): string {
  return typeof param === 'string' ? param : param.name;
}

function isValidPattern(pattern: string): boolean {
  try {
    new RegExp(pattern);
    return true;
  } catch {
    return false;
  }
}

function checkDefault(param: LogParam, index: number, ctx: z.core.$RefinementCtx): void {
  if (typeof param === 'string' || param.default === undefined) return;
  const wrongType = param.type === 'string' ? typeof param.default !== 'string' : typeof param.default !== 'number';
  const integerExpected = param.type === 'integer' && !Number.isInteger(param.default);
  const pattern = param.pattern === undefined ? undefined : new RegExp(param.pattern);
  const mismatch = pattern !== undefined && typeof param.default === 'string' && !pattern.test(param.default);
  if (wrongType || integerExpected || mismatch) {
    ctx.addIssue({
      code: 'custom',
      path: ['params', index, 'default'],
      message: `the default of "${param.name}" must be of type ${param.type}${param.pattern ? ` matching ${param.pattern}` : ''}`,
    });
  }
}
