import { randomUUID } from 'node:crypto';
import type { Clock, LeaseStore } from '../../core/ports';

/**
 * How long a delivery being handled keeps others off it. Handling a delivery takes seconds (it queues jobs, it
 * does not wait for them); if the process dies half-way, a redelivery after this runs it again.
 */
const handlingTtlMs = 15 * 60_000;
/** How long a handled delivery is remembered: GitHub's redeliveries come within days, most within minutes. */
const handledTtlMs = 3 * 24 * 3_600_000;

/** A delivery this process is handling: run its work through `settle`. */
export interface DeliveryClaim {
  /**
   * Runs the work. When it succeeds, the delivery is remembered as handled, so a redelivery does nothing; when it
   * throws, the claim is given back (and the error rethrown), so GitHub's redelivery runs it again.
   */
  settle(work: () => Promise<void>): Promise<void>;
}

/**
 * Claims a GitHub delivery (`X-GitHub-Delivery`) for this process, as a lease in the store: undefined when it was
 * handled already or is being handled now (a concurrent duplicate), so that no delivery starts a second job.
 */
export async function claimDelivery(
  leases: LeaseStore,
  clock: Clock,
  delivery: string,
): Promise<DeliveryClaim | undefined> {
  const key = `github-delivery:${delivery}`;
  const holder = randomUUID();
  if (!(await leases.acquireLease(key, holder, handlingTtlMs, clock.now()))) return undefined;
  return {
    async settle(work) {
      try {
        await work();
      } catch (error) {
        await leases.releaseLease(key, holder);
        throw error;
      }
      await leases.acquireLease(key, holder, handledTtlMs, clock.now());
    },
  };
}
