// zod/mini (the same zod 4, tree-shakable): 27 KB instead of 750 KB to load, which on a 50,000-change plan also
// keeps the process under the heap size at which V8 runs a full collection in the middle of JSON.parse.
import * as z from '../zod';
import { PlanFormatError } from './plan-error';

/**
 * The top level of `terraform show -json PLANFILE`, checked with zod. Entries of the big arrays are only
 * checked to be present here; each is then read by hand in `resource-change.ts`, which keeps 50,000-change
 * plans fast.
 */
/** An array, checked without visiting its (possibly 50,000) entries; `resource-change.ts` reads each one. */
const entries = z.custom<unknown[]>((value) => Array.isArray(value), {
  error: 'expected an array of resource changes',
});

const PlanDocumentSchema = z.looseObject({
  format_version: z.string({ error: 'expected a version string such as "1.2"' }),
  terraform_version: z.optional(z.string({ error: 'expected a version string' })),
  resource_changes: z.nullish(entries),
  resource_drift: z.nullish(entries),
  output_changes: z.nullish(z.record(z.string(), z.unknown(), { error: 'expected an object of output changes' })),
  planned_values: z.nullish(z.looseObject({}, { error: 'expected an object' })),
  prior_state: z.nullish(z.looseObject({}, { error: 'expected an object' })),
  errored: z.optional(z.boolean({ error: 'expected true or false' })),
});

/** A plan document whose top level has the expected shape. */
export type PlanDocument = z.infer<typeof PlanDocumentSchema>;

const howToMake = 'make one with `terraform show -json PLANFILE` after `terraform plan -out=PLANFILE`';

/** Parses JSON text, refusing what is not JSON with a `plan_not_json` error. */
export function parsePlanJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new PlanFormatError('plan_not_json', `not JSON (${detail}); ${howToMake}`, { cause: error });
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkFormatVersion(version: unknown): void {
  if (version === undefined) {
    throw new PlanFormatError('plan_no_format_version', `not a Terraform plan: it has no format_version; ${howToMake}`);
  }
  if (typeof version !== 'string' || !/^[01]\.\d+$/.test(version)) {
    throw new PlanFormatError(
      'plan_unsupported_format',
      `unsupported plan format_version ${JSON.stringify(version)}: infrabot reads formats 0.1 to 1.x`,
    );
  }
}

function refuseState(document: Record<string, unknown>): void {
  const planKeys = ['planned_values', 'resource_changes', 'output_changes', 'resource_drift'];
  if (planKeys.some((key) => key in document)) return;
  if ('values' in document) {
    throw new PlanFormatError('plan_is_state', `this is a Terraform state, not a plan; ${howToMake}`);
  }
  throw new PlanFormatError('plan_malformed', `not a Terraform plan: it has no planned_values; ${howToMake}`);
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const path = issue.path.map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`)).join('');
  return `${path.replace(/^\./, '')}: ${issue.message}`;
}

/** Checks that a parsed JSON value is a plan document, refusing anything else with a typed error. */
export function readPlanDocument(input: unknown): PlanDocument {
  if (!isObject(input)) {
    throw new PlanFormatError('plan_not_an_object', `not a Terraform plan: expected a JSON object; ${howToMake}`);
  }
  checkFormatVersion(input.format_version);
  refuseState(input);
  const parsed = PlanDocumentSchema.safeParse(input);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const detail = first ? describeIssue(first) : 'unexpected shape';
    throw new PlanFormatError('plan_malformed', `not a readable Terraform plan: ${detail}`, { cause: parsed.error });
  }
  return parsed.data;
}
