import { callerReferenceFor } from '../cdn/caller-reference';
import type { CreateInvalidationResult } from '../cdn/invalidation';
import { isCompleted } from '../cdn/invalidation';
import { parseInvalidationPaths } from '../cdn/invalidation-paths';
import { type InvalidationReport, renderInvalidation } from '../cdn/messages';
import { findConfiguredTarget, resolveTarget } from '../cdn/target';
import type { CdnConfig, CdnDistributionConfig } from '../config/schema';
import type { Requester } from '../jobs/job';
import { isAmong } from '../policy/principals';
import { pollUntil } from '../selfservice/poll';
import type { CdnDeps } from './cdn-deps';

export interface InvalidateRequest {
  requester: Requester;
  channel: string;
  /** A configured name, a distribution id, an alias or default domain, or a bucket. */
  target: string;
  paths: readonly string[];
  /** The Slack `trigger_id` of the command: the invalidation's `CallerReference` derives from it. */
  triggerId: string;
}

export type InvalidateRefusal =
  | 'not_configured'
  | 'no_paths'
  | 'invalid_path'
  | 'too_many_paths'
  | 'too_many_wildcards'
  | 'unknown_target'
  | 'ambiguous_target'
  | 'not_listed'
  | 'not_authorized'
  | 'too_many_in_progress'
  | 'throttled'
  | 'not_found'
  | 'access_denied'
  | 'rejected';

export type InvalidateOutcome =
  | { ok: true; invalidationId: string; completed: boolean }
  | { ok: false; reason: InvalidateRefusal; message: string };

/** Attempts at CreateInvalidation when CloudFront throttles (the SDK already retried each one). */
const createAttempts = 3;

/**
 * `/cdn invalidate`: validates the paths (before any AWS call), resolves the target, checks the user is
 * allowed on that distribution, creates the invalidation (idempotent through the trigger's CallerReference),
 * records it in the audit log, posts who invalidated what, and polls GetInvalidation with backoff until it
 * completes or the poll deadline passes, updating the message. Refusals are returned, not posted.
 */
export async function invalidateCdn(request: InvalidateRequest, deps: CdnDeps): Promise<InvalidateOutcome> {
  const checked = await checkInvalidation(request, deps);
  if (!checked.ok) {
    await audit(request, deps, checked.target ?? request.target, 'refused', checked.message);
    return { ok: false, reason: checked.reason, message: checked.message };
  }
  const { distribution, paths } = checked;
  const created = await createWithRetry(request, deps, distribution, paths);
  if (!created.ok) {
    await audit(request, deps, distribution.name, 'failed', created.message);
    return created;
  }
  const report: InvalidationReport = {
    userId: request.requester.id,
    distribution,
    paths,
    invalidationId: created.invalidation.id,
  };
  await audit(request, deps, distribution.name, 'accepted', `${created.invalidation.id}: ${paths.join(' ')}`);
  const posted = await deps.chat.post(request.channel, renderInvalidation(report, { state: 'in_progress' }));
  const completed = await followInvalidation(report, deps, request.channel, posted.ts);
  if (completed) await audit(request, deps, distribution.name, 'succeeded', created.invalidation.id);
  return { ok: true, invalidationId: created.invalidation.id, completed };
}

type Checked =
  | { ok: true; distribution: CdnDistributionConfig; paths: string[] }
  | { ok: false; reason: InvalidateRefusal; message: string; target?: string };

async function checkInvalidation(request: InvalidateRequest, deps: CdnDeps): Promise<Checked> {
  const config = deps.config;
  if (!config)
    return { ok: false, reason: 'not_configured', message: 'CloudFront is not configured (cdn in infrabot.yaml)' };
  const paths = parseInvalidationPaths(request.paths, config);
  if (!paths.ok) return paths;
  const target = await resolve(config, request.target, deps);
  if (!target.ok) return target;
  const { distribution } = target;
  if (!(await isAmong(request.requester.id, distribution.allowed, deps.directory))) {
    const message = `you may not invalidate ${distribution.name}; it is open to ${distribution.allowed.join(', ')}`;
    return { ok: false, reason: 'not_authorized', message, target: distribution.name };
  }
  return { ok: true, distribution, paths: paths.paths };
}

async function resolve(config: CdnConfig, target: string, deps: CdnDeps) {
  const direct = findConfiguredTarget(config.distributions, target);
  if (direct) return { ok: true as const, distribution: direct };
  return resolveTarget(config.distributions, await deps.cdn.listDistributions(), target);
}

async function createWithRetry(
  request: InvalidateRequest,
  deps: CdnDeps,
  distribution: CdnDistributionConfig,
  paths: readonly string[],
): Promise<CreateInvalidationResult> {
  const reference = callerReferenceFor(request.triggerId, distribution.id);
  let result = await deps.cdn.createInvalidation(distribution.id, paths, reference);
  for (let attempt = 1; attempt < createAttempts && !result.ok && result.reason === 'throttled'; attempt += 1) {
    await deps.sleep(deps.poll.firstDelayMs * 2 ** (attempt - 1));
    result = await deps.cdn.createInvalidation(distribution.id, paths, reference);
  }
  return result;
}

async function followInvalidation(report: InvalidationReport, deps: CdnDeps, channel: string, ts: string) {
  const started = deps.clock.now().getTime();
  const elapsed = () => deps.clock.now().getTime() - started;
  try {
    const polled = await pollUntil(
      () => deps.cdn.getInvalidation(report.distribution.id, report.invalidationId),
      isCompleted,
      deps.poll,
      deps.clock,
      deps.sleep,
    );
    const state = polled.done ? ('completed' as const) : ('still_running' as const);
    await deps.chat.update(channel, ts, renderInvalidation(report, { state, elapsedMs: elapsed() }));
    return polled.done;
  } catch (error) {
    await deps.chat.update(channel, ts, renderInvalidation(report, { state: 'unknown', elapsedMs: elapsed() }));
    throw error;
  }
}

async function audit(
  request: InvalidateRequest,
  deps: CdnDeps,
  target: string,
  outcome: 'accepted' | 'refused' | 'succeeded' | 'failed',
  detail: string,
): Promise<void> {
  await deps.audit.appendAudit({
    at: deps.clock.now().toISOString(),
    actor: request.requester,
    action: 'cdn.invalidate',
    target,
    outcome,
    detail,
  });
}
