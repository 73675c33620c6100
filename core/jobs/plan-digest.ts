import { createHash } from 'node:crypto';
import { changesDigest } from '../plan/changes-digest';
import type { Job, PlanDigest } from './job';

/** The SHA-256 of some bytes, as lowercase hex (what `sha256sum` prints). */
export function sha256Hex(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * The digests of a plan's saved files and of what it shows reviewers (the changes of its `plan.json`, its plan
 * text when it has one); undefined when the build left no `tfplan` (nothing can be applied). `planJson` must be
 * JSON (a plan that summarized).
 */
export function planDigestOf(
  tfplan: Uint8Array | undefined,
  planJson: string,
  planText?: string,
): PlanDigest | undefined {
  if (tfplan === undefined) return undefined;
  const digest = { tfplan: sha256Hex(tfplan), planJson: sha256Hex(planJson), changes: changesDigest(planJson) };
  return planText === undefined ? digest : { ...digest, planText: sha256Hex(planText) };
}

/**
 * Why a plan's saved `tfplan` must not be applied, in words: it has no recorded digest, it is gone, or it is no
 * longer the file the plan left (changed after the plan ended). Undefined when it is exactly that file.
 */
export function savedPlanProblem(plan: Job, tfplan: Uint8Array | undefined): string | undefined {
  const recorded = plan.planDigest?.tfplan;
  // Plans recorded before the digest of their changes existed have none: they cannot be checked, so not applied.
  if (recorded === undefined || plan.planDigest?.changes === undefined)
    return `plan ${plan.id} recorded no digest of its saved plan; plan the stack again`;
  if (tfplan === undefined) return `the saved plan of ${plan.id} (tfplan) is gone; plan the stack again`;
  const actual = sha256Hex(tfplan);
  if (actual === recorded) return undefined;
  return `the saved plan of ${plan.id} changed after its plan ended (SHA-256 ${short(actual)}, recorded ${short(recorded)}): nothing was applied; plan the stack again`;
}

const short = (digest: string) => `${digest.slice(0, 12)}…`;
