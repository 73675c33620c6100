/** The types the `Cdn` port speaks about invalidations. */

/** An invalidation as CloudFront reports it; `status` is `InProgress` or `Completed`. */
export interface Invalidation {
  id: string;
  status: string;
  createTime?: string;
}

/** Why CloudFront did not create an invalidation, as an outcome the user can act on. */
export type InvalidationRefusal = 'too_many_in_progress' | 'throttled' | 'not_found' | 'access_denied' | 'rejected';

export type CreateInvalidationResult =
  | { ok: true; invalidation: Invalidation }
  | { ok: false; reason: InvalidationRefusal; message: string };

/** Whether an invalidation has finished. */
export function isCompleted(invalidation: Invalidation): boolean {
  return invalidation.status === 'Completed';
}
