import { RiskClassifier } from '../risk/classify';
import { marksSensitive } from '../risk/plan-values';
import { defaultRiskOptions, type RiskOptions } from '../risk/risk-flag';
import { driftedAttributeNames } from './drift-attributes';
import { type PlanDocument, parsePlanJson, readPlanDocument } from './plan-document';
import { PlanFormatError } from './plan-error';
import { actionOf, readResourceChange } from './resource-change';
import type { ChangeCounts, OutputChange, PlanSummary, ResourceChange } from './summary';

export type { PlanErrorCode } from './plan-error';
export { PlanFormatError } from './plan-error';

/** The outcome of {@link safeSummarizePlan}: the summary, or the reason the document is not a usable plan. */
export type SummarizeResult = { ok: true; summary: PlanSummary } | { ok: false; error: PlanFormatError };

function emptyCounts(): ChangeCounts {
  return { create: 0, update: 0, delete: 0, replace: 0, import: 0, move: 0, read: 0 };
}

function count(counts: ChangeCounts, change: ResourceChange): void {
  switch (change.action) {
    case 'create':
    case 'update':
    case 'delete':
    case 'replace':
    case 'read':
      counts[change.action] += 1;
      break;
    case 'forget':
      counts.forget = (counts.forget ?? 0) + 1;
      break;
    case 'no-op':
      break;
  }
  if (change.imported) counts.import += 1;
  if (change.movedFrom) counts.move += 1;
}

/** Reads the resource changes, counting and classifying each in the same pass. */
function readChanges(document: PlanDocument, counts: ChangeCounts, risks: RiskClassifier): ResourceChange[] {
  const entries = document.resource_changes ?? [];
  const changes: ResourceChange[] = [];
  for (let index = 0; index < entries.length; index += 1) {
    const entry = entries[index];
    const change = readResourceChange(entry, () => `resource_changes[${index}]`);
    count(counts, change);
    risks.add(entry, change);
    if (change.action !== 'no-op' || change.imported || change.movedFrom) changes.push(change);
  }
  return changes;
}

function readDrift(document: PlanDocument): ResourceChange[] {
  const entries = document.resource_drift ?? [];
  const drift: ResourceChange[] = [];
  for (let index = 0; index < entries.length; index += 1) {
    const entry = entries[index];
    const change = readResourceChange(entry, () => `resource_drift[${index}]`);
    if (change.action === 'no-op') continue;
    const attributes = driftedAttributeNames((entry as { change?: unknown }).change);
    drift.push(attributes.length > 0 ? { ...change, attributes } : change);
  }
  return drift;
}

function outputMarkedSensitive(section: unknown, name: string): boolean {
  if (typeof section !== 'object' || section === null) return false;
  const outputs = (section as { outputs?: Record<string, { sensitive?: unknown }> }).outputs;
  return outputs?.[name]?.sensitive === true;
}

function readOutput(document: PlanDocument, name: string, entry: unknown): OutputChange | undefined {
  const change = entry as { actions?: unknown; before_sensitive?: unknown; after_sensitive?: unknown } | null;
  if (typeof change !== 'object' || change === null || !Array.isArray(change.actions)) {
    throw new PlanFormatError(
      'plan_malformed',
      `not a readable Terraform plan: output_changes.${name}.actions: expected an array of actions`,
    );
  }
  const action = actionOf(change.actions);
  if (action === undefined) {
    throw new PlanFormatError(
      'plan_unknown_action',
      `output_changes.${name} has actions ${JSON.stringify(change.actions)} that infrabot does not know; upgrade infrabot`,
    );
  }
  if (action === 'no-op') return undefined;
  const sensitive =
    marksSensitive(change.before_sensitive) ||
    marksSensitive(change.after_sensitive) ||
    outputMarkedSensitive(document.planned_values, name) ||
    outputMarkedSensitive((document.prior_state as { values?: unknown } | null | undefined)?.values, name);
  return { name, action, sensitive };
}

function readOutputs(document: PlanDocument): OutputChange[] {
  const outputs: OutputChange[] = [];
  for (const [name, entry] of Object.entries(document.output_changes ?? {})) {
    const output = readOutput(document, name, entry);
    if (output) outputs.push(output);
  }
  return outputs;
}

function hasResourceChanges(counts: ChangeCounts): boolean {
  const { create, update, delete: deleted, replace, import: imported, move, forget = 0 } = counts;
  return create + update + deleted + replace + imported + move + forget > 0;
}

/**
 * Digests the output of `terraform show -json PLANFILE` (format versions 0.1 to 1.x) into a {@link PlanSummary}
 * that holds addresses, types and action kinds but never a value, so nothing sensitive can reach a renderer;
 * the risk flags (see `core/risk/`) are found in the same pass and name no sensitive value either.
 *
 * @param input - the plan as JSON text, or already parsed.
 * @param riskOptions - the `risk` configuration: rules turned off, extra stateful types, the mass-destroy count.
 * @throws PlanFormatError (with a stable `code`) when the input is not JSON, not a plan (a state file, a
 *   document without `format_version`), of an unsupported format, or malformed.
 */
export function summarizePlan(input: unknown, riskOptions: RiskOptions = defaultRiskOptions): PlanSummary {
  const document = readPlanDocument(typeof input === 'string' ? parsePlanJson(input) : input);
  const counts = emptyCounts();
  const risks = new RiskClassifier(riskOptions);
  const changes = readChanges(document, counts, risks);
  const summary: PlanSummary = {
    counts,
    hasChanges: hasResourceChanges(counts),
    risks: risks.finish(),
    changes,
    drift: readDrift(document),
    outputs: readOutputs(document),
    formatVersion: document.format_version,
  };
  if (document.terraform_version) summary.terraformVersion = document.terraform_version;
  if (document.errored !== undefined) summary.errored = document.errored;
  return summary;
}

/** Like {@link summarizePlan}, but returns a refused document as a value instead of throwing. */
export function safeSummarizePlan(input: unknown, riskOptions?: RiskOptions): SummarizeResult {
  try {
    return { ok: true, summary: summarizePlan(input, riskOptions) };
  } catch (error) {
    if (error instanceof PlanFormatError) return { ok: false, error };
    throw error;
  }
}
