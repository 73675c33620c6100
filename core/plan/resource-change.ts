import { PlanFormatError } from './plan-error';
import type { ChangeAction, ResourceChange } from './summary';

/**
 * Reading one entry of `resource_changes` or `resource_drift` by hand: a plan can hold 50,000 of them, so each
 * is checked for the few fields we use instead of being parsed deeply. Values (`before`, `after`, the
 * sensitivity maps) are never read.
 */

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Maps Terraform's action list to one action: `["delete","create"]`, `["create","delete"]` and
 * `["create","forget"]` are replacements. Returns undefined for a list Terraform does not produce.
 */
export function actionOf(actions: readonly unknown[]): ChangeAction | undefined {
  if (actions.length === 1) {
    const only = actions[0];
    if (only === 'create' || only === 'update' || only === 'delete' || only === 'read') return only;
    if (only === 'no-op' || only === 'forget') return only;
    return undefined;
  }
  if (actions.length !== 2) return undefined;
  const [first, second] = actions;
  if ((first === 'delete' && second === 'create') || (first === 'create' && second === 'delete')) return 'replace';
  if (first === 'create' && second === 'forget') return 'replace';
  return undefined;
}

function malformed(where: () => string, what: string): PlanFormatError {
  return new PlanFormatError('plan_malformed', `not a readable Terraform plan: ${where()}${what}`);
}

/** Turns `replace_paths` (`[["tags","Name"],["ingress",0]]`) into attribute names (`tags.Name`, `ingress[0]`). */
export function replaceReasonsOf(paths: unknown): string[] | undefined {
  if (!Array.isArray(paths) || paths.length === 0) return undefined;
  const names: string[] = [];
  for (const path of paths) {
    if (!Array.isArray(path)) continue;
    let name = '';
    for (const step of path) {
      if (typeof step === 'number') name += `[${step}]`;
      else if (typeof step === 'string') name += name === '' ? step : `.${step}`;
    }
    if (name !== '' && !names.includes(name)) names.push(name);
  }
  return names.length > 0 ? names : undefined;
}

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * Reads one resource change entry.
 * @param where - builds the entry's location (`resource_changes[12]`) for error messages, only when needed.
 * @throws PlanFormatError when the entry lacks an address, a type or a known action list.
 */
export function readResourceChange(entry: unknown, where: () => string): ResourceChange {
  if (!isObject(entry)) throw malformed(where, ': expected an object');
  const { address, type, change } = entry;
  if (typeof address !== 'string' || address === '') throw malformed(where, '.address: expected a string');
  if (typeof type !== 'string') throw malformed(where, '.type: expected a string');
  if (!isObject(change) || !Array.isArray(change.actions)) {
    throw malformed(where, '.change.actions: expected an array of actions');
  }
  const action = actionOf(change.actions);
  if (action === undefined) {
    throw new PlanFormatError(
      'plan_unknown_action',
      `${where()} (${address}) has actions ${JSON.stringify(change.actions)} that infrabot does not know; upgrade infrabot`,
    );
  }
  const result: ResourceChange = { address, action, type };
  const provider = optionalString(entry.provider_name);
  if (provider) result.provider = provider;
  const module = optionalString(entry.module_address);
  if (module) result.module = module;
  if (isObject(change.importing)) result.imported = true;
  const previous = optionalString(entry.previous_address);
  if (previous && previous !== address) result.movedFrom = previous;
  const reasons = action === 'replace' ? replaceReasonsOf(change.replace_paths) : undefined;
  if (reasons) result.replaceReasons = reasons;
  if (action === 'replace' && change.actions[1] === 'forget') result.keepsExisting = true;
  const deposed = optionalString(entry.deposed);
  if (deposed) result.deposed = deposed;
  return result;
}
