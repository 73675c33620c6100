/** Builders of one-change plans for the risk rule tests. */

export interface ChangeSpec {
  address?: string;
  type: string;
  actions: string[];
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
  afterUnknown?: Record<string, unknown>;
  afterSensitive?: unknown;
  replacePaths?: string[][];
  actionReason?: string;
}

/** One `resource_changes` entry as `terraform show -json` writes it. */
export function entry(spec: ChangeSpec): Record<string, unknown> {
  const address = spec.address ?? `${spec.type}.this`;
  const before = spec.before ?? null;
  const after = spec.after ?? null;
  return {
    address,
    mode: 'managed',
    type: spec.type,
    name: 'this',
    provider_name: 'registry.terraform.io/hashicorp/test',
    change: {
      actions: spec.actions,
      before,
      after,
      after_unknown: spec.afterUnknown ?? {},
      before_sensitive: before === null ? false : {},
      after_sensitive: spec.afterSensitive ?? (after === null ? false : {}),
      ...(spec.replacePaths ? { replace_paths: spec.replacePaths } : {}),
    },
    ...(spec.actionReason ? { action_reason: spec.actionReason } : {}),
  };
}

/** A plan of the given changes. */
export function planOf(...specs: ChangeSpec[]): Record<string, unknown> {
  return { format_version: '1.2', planned_values: { root_module: {} }, resource_changes: specs.map(entry) };
}

/** A plan creating one resource. */
export function creating(type: string, after: Record<string, unknown>, extra: Partial<ChangeSpec> = {}) {
  return planOf({ type, actions: ['create'], after, ...extra });
}

/** A plan updating one resource. */
export function updating(type: string, before: Record<string, unknown>, after: Record<string, unknown>) {
  return planOf({ type, actions: ['update'], before, after });
}
