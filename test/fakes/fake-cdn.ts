import type { DistributionSummary } from '../../core/cdn/distribution';
import type { CreateInvalidationResult, Invalidation } from '../../core/cdn/invalidation';
import type { Cdn } from '../../core/ports';

/**
 * CloudFront in memory: returns the distributions given, creates invalidations (the same caller reference
 * returns the same one, as CloudFront does), and reports each as completed after `completeAfterReads` reads.
 */
export class FakeCdn implements Cdn {
  readonly created: Array<{ distributionId: string; paths: readonly string[]; callerReference: string }> = [];
  listCalls = 0;
  getCalls = 0;
  completeAfterReads = 2;
  /** Outcomes returned (in order) by the next CreateInvalidation calls before the normal behaviour. */
  createRefusals: CreateInvalidationResult[] = [];
  /** Errors thrown (in order) by the next GetInvalidation calls. */
  getErrors: Error[] = [];
  private readonly byReference = new Map<string, Invalidation>();
  private readonly reads = new Map<string, number>();

  constructor(readonly distributions: readonly DistributionSummary[] = []) {}

  async listDistributions(): Promise<readonly DistributionSummary[]> {
    this.listCalls += 1;
    return this.distributions;
  }

  async createInvalidation(
    distributionId: string,
    paths: readonly string[],
    callerReference: string,
  ): Promise<CreateInvalidationResult> {
    this.created.push({ distributionId, paths, callerReference });
    const refusal = this.createRefusals.shift();
    if (refusal) return refusal;
    const existing = this.byReference.get(callerReference);
    if (existing) return { ok: true, invalidation: existing };
    const invalidation = { id: `I${this.byReference.size + 1}`, status: 'InProgress' };
    this.byReference.set(callerReference, invalidation);
    return { ok: true, invalidation };
  }

  async getInvalidation(_distributionId: string, invalidationId: string): Promise<Invalidation> {
    this.getCalls += 1;
    const error = this.getErrors.shift();
    if (error) throw error;
    const reads = (this.reads.get(invalidationId) ?? 0) + 1;
    this.reads.set(invalidationId, reads);
    return { id: invalidationId, status: reads >= this.completeAfterReads ? 'Completed' : 'InProgress' };
  }
}
