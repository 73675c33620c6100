import type { CdnDistributionConfig } from '../config/schema';
import { type DistributionSummary, distributionsServing } from './distribution';

/** Why a target does not name exactly one distribution infrabot may invalidate. */
export type TargetRefusal = 'unknown_target' | 'ambiguous_target' | 'not_listed';

export type TargetResult =
  | { ok: true; distribution: CdnDistributionConfig }
  | { ok: false; reason: 'unknown_target' | 'not_listed'; message: string }
  | { ok: false; reason: 'ambiguous_target'; message: string; candidates: DistributionSummary[] };

/**
 * Finds a target by configured name or distribution id, without listing distributions.
 * @returns the configured distribution, or undefined when the target is neither.
 */
export function findConfiguredTarget(
  configured: readonly CdnDistributionConfig[],
  target: string,
): CdnDistributionConfig | undefined {
  const trimmed = target.trim();
  return configured.find((entry) => entry.name === trimmed.toLowerCase() || entry.id === trimmed.toUpperCase());
}

/**
 * Resolves an invalidation target: a configured name, a distribution id, an alias or default domain, or a
 * bucket served by exactly one distribution. Only distributions listed in `cdn.distributions` are accepted.
 */
export function resolveTarget(
  configured: readonly CdnDistributionConfig[],
  distributions: readonly DistributionSummary[],
  target: string,
): TargetResult {
  const direct = findConfiguredTarget(configured, target);
  if (direct) return { ok: true, distribution: direct };
  const matches = distributionsServing(distributions, target);
  const [only, ...others] = matches;
  if (!only) {
    return {
      ok: false,
      reason: 'unknown_target',
      message: `no distribution is named or serves "${target}"; try \`/cdn which ${target}\` or one of: ${namesOf(configured)}`,
    };
  }
  if (others.length > 0) {
    const ids = matches.map((match) => labelOf(configured, match.distribution)).join(', ');
    return {
      ok: false,
      reason: 'ambiguous_target',
      message: `"${target}" is served by ${matches.length} distributions (${ids}); name one of them instead`,
      candidates: matches.map((match) => match.distribution),
    };
  }
  const listed = configured.find((entry) => entry.id === only.distribution.id);
  if (!listed) {
    return {
      ok: false,
      reason: 'not_listed',
      message: `distribution ${only.distribution.id} serves "${target}" but is not in cdn.distributions of infrabot.yaml, so infrabot may not invalidate it; ask the SRE team to add it`,
    };
  }
  return { ok: true, distribution: listed };
}

/** A distribution's configured name with its id, or only the id when it is not configured. */
export function labelOf(configured: readonly CdnDistributionConfig[], distribution: DistributionSummary): string {
  const entry = configured.find((candidate) => candidate.id === distribution.id);
  return entry ? `${entry.name} (${distribution.id})` : distribution.id;
}

function namesOf(configured: readonly CdnDistributionConfig[]): string {
  return configured.length === 0 ? '(none configured)' : configured.map((entry) => entry.name).join(', ');
}
