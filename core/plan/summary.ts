import type { RiskFlag } from '../risk/risk-flag';

/**
 * What Terraform will do to one resource, as read from the plan JSON. `forget` (Terraform 1.7+, a `removed`
 * block with `destroy = false`) drops the resource from state without destroying it.
 */
export type ChangeAction = 'create' | 'update' | 'delete' | 'replace' | 'read' | 'no-op' | 'forget';

/** One resource change in a plan. Values are never kept: only addresses and kinds, so nothing sensitive can leak. */
export interface ResourceChange {
  address: string;
  action: ChangeAction;
  /** Resource type, e.g. `aws_s3_bucket`. */
  type: string;
  /** Provider name, e.g. `registry.terraform.io/hashicorp/aws`. */
  provider?: string;
  /** Module address, absent for the root module. */
  module?: string;
  /** Set when the resource is being imported. */
  imported?: true;
  /** Set when the resource moved from another address. */
  movedFrom?: string;
  /** Attribute names whose change forces replacement (names only, never values). */
  replaceReasons?: string[];
  /** Set on a replacement whose existing object is only removed from state, not destroyed (`["create","forget"]`). */
  keepsExisting?: true;
  /** The deposed object's key, when this change is to a deposed object rather than the current one. */
  deposed?: string;
  /** For drift (`resource_drift`): the attributes changed outside Terraform (names only, never values). */
  attributes?: string[];
}

/** Counts of each kind of change, as shown at a glance. */
export interface ChangeCounts {
  create: number;
  update: number;
  delete: number;
  replace: number;
  import: number;
  move: number;
  read: number;
  /** Resources removed from state without being destroyed; present only when there are some. */
  forget?: number;
}

/** An output whose value changes; the value itself is shown only when it is not sensitive. */
export interface OutputChange {
  name: string;
  action: ChangeAction;
  sensitive: boolean;
}

/** The digest of `terraform show -json` that every renderer works from. */
export interface PlanSummary {
  counts: ChangeCounts;
  /** True when any resource is created, updated, deleted, replaced, imported, moved or forgotten; never for reads, drift or outputs alone. */
  hasChanges: boolean;
  /**
   * Changes a reviewer must not miss (see `core/risk/`): empty when none. Absent only in summaries stored before
   * risks were found, which count as having none.
   */
  risks?: RiskFlag[];
  changes: ResourceChange[];
  /** Changes made outside Terraform since the last apply (`resource_drift`). */
  drift: ResourceChange[];
  outputs: OutputChange[];
  /** Terraform version that produced the plan, when the plan says. */
  terraformVersion?: string;
  /** Whether the plan errored (`errored: true` in format 1.2+). */
  errored?: boolean;
  /** The plan's `format_version`, e.g. `1.2`. */
  formatVersion?: string;
}
