import type { FinishedJobStatus, Job, PlanDigest } from '../jobs/job';
import { planDigestOf } from '../jobs/plan-digest';
import { lockIdInLog, stoppedApplyNotice } from '../jobs/stopped-apply';
import { safeSummarizePlan } from '../plan/summarize';
import type { PlanSummary } from '../plan/summary';
import type { ArtifactName, BuildOutcome, BuildResult, JobPatch } from '../ports';
import { logTail } from '../redact';
import { riskOptionsOf } from '../risk/risk-config';
import { advanceWaitingApplies } from './advance-waiting-applies';
import { auditJob } from './audit-job';
import type { CompletionDeps } from './deps';
import { type Outcome, refuse } from './refusal';

const endStatus: Record<BuildResult, FinishedJobStatus> = {
  succeeded: 'succeeded',
  failed: 'failed',
  timed_out: 'failed',
  stopped: 'cancelled',
};

const endReason: Record<Exclude<BuildResult, 'succeeded'>, string> = {
  failed: 'the build failed',
  timed_out: 'the build timed out',
  stopped: 'the build was stopped',
};

/** How many log lines a failure shows. */
const tailLines = 40;

interface Results {
  summary?: PlanSummary;
  /** For a plan that succeeded: the digests of the files it left, read now that its build is over. */
  planDigest?: PlanDigest;
  /** For an apply: the build's own refusal (`infrabot: refusing to apply: …`), in its words. */
  refusal?: string;
  planText?: string;
  logTail?: string;
  /** Set when a build that said it succeeded left no usable plan. */
  problem?: string;
  /** The state lock ID Terraform printed, if it did (for an apply stopped mid-way). */
  lockId?: string;
}

const decode = (bytes: Uint8Array | undefined) => (bytes === undefined ? undefined : new TextDecoder().decode(bytes));

type Read = { ok: true; text: string | undefined } | { ok: false; error: string };
type ReadBytes = { ok: true; bytes: Uint8Array | undefined } | { ok: false; error: string };

/** One artifact; a storage that fails to read is a value, so that the job still ends and frees its lock. */
async function readBytes(job: Job, name: ArtifactName, deps: CompletionDeps): Promise<ReadBytes> {
  try {
    return { ok: true, bytes: await deps.artifacts.get(job.id, name) };
  } catch (error) {
    return { ok: false, error: `reading ${name} failed: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/** One artifact as text. */
async function readText(job: Job, name: ArtifactName, deps: CompletionDeps): Promise<Read> {
  const read = await readBytes(job, name, deps);
  return read.ok ? { ok: true, text: decode(read.bytes) } : read;
}

/**
 * Reads what the build left: the plan (summarized, for plans; the applied plan's, for applies) and the log tail.
 * The log and the plan text are extras, left out when unreadable; a plan's unreadable plan.json fails the plan.
 */
async function readResults(job: Job, result: BuildResult, deps: CompletionDeps): Promise<Results> {
  const results: Results = {};
  const log = await readText(job, 'log.txt', deps);
  if (log.ok && log.text !== undefined) results.logTail = logTail(log.text, tailLines);
  if (job.action === 'apply') {
    const lockId = log.ok ? lockIdInLog(log.text) : undefined;
    if (lockId !== undefined) results.lockId = lockId;
    const plan = job.planJobId ? await deps.store.getJob(job.planJobId) : undefined;
    if (plan?.summary) results.summary = plan.summary;
    const refusal = log.ok ? applyRefusal(log.text) : undefined;
    return refusal === undefined ? results : { ...results, refusal };
  }
  const planText = await readText(job, 'plan.txt', deps);
  if (planText.ok && planText.text !== undefined) results.planText = planText.text;
  if (result !== 'succeeded') return results;
  const planJson = await readText(job, 'plan.json', deps);
  if (!planJson.ok) return { ...results, problem: `the build succeeded but ${planJson.error}` };
  if (planJson.text === undefined) return { ...results, problem: 'the build succeeded but left no plan.json' };
  const summarized = safeSummarizePlan(planJson.text, riskOptionsOf(deps.config));
  if (!summarized.ok) return { ...results, problem: `the plan could not be read: ${summarized.error.message}` };
  const tfplan = await readBytes(job, 'tfplan', deps);
  if (!tfplan.ok) return { ...results, problem: `the build succeeded but ${tfplan.error}` };
  const planDigest = planDigestOf(tfplan.bytes, planJson.text, results.planText);
  return { ...results, summary: summarized.summary, ...(planDigest ? { planDigest } : {}) };
}

/** The last `infrabot: refusing to apply: …` line of an apply's log: why its steps refused, in their words. */
function applyRefusal(log: string | undefined): string | undefined {
  const lines = (log ?? '').split('\n').filter((line) => line.startsWith(refusalPrefix));
  const last = lines.at(-1);
  return last === undefined ? undefined : `refused to apply: ${last.slice(refusalPrefix.length).trim()}`;
}

const refusalPrefix = 'infrabot: refusing to apply:';

/**
 * Why a build did not succeed: the runner's words, else the reason recorded when someone stopped it. An apply
 * stopped without Terraform ending by itself also says what that may have left in the state.
 */
function failureOf(job: Job, outcome: BuildOutcome, results: Results): string | undefined {
  if (outcome.result === 'succeeded') return undefined;
  const stoppedBy = outcome.result === 'stopped' ? job.reason : undefined;
  const failure = outcome.detail ?? stoppedBy ?? endReason[outcome.result];
  const cutShort = outcome.result === 'stopped' || outcome.result === 'timed_out';
  if (job.action !== 'apply' || !cutShort || outcome.endedCleanly === true) return failure;
  return `${failure}. ${stoppedApplyNotice(results.lockId)}`;
}

function patchFor(job: Job, outcome: BuildOutcome, results: Results, now: Date): JobPatch {
  const failure = failureOf(job, outcome, results);
  const reason = results.problem ?? (outcome.result === 'failed' ? (results.refusal ?? failure) : failure);
  const logUrl = outcome.logUrl ?? job.build?.logUrl;
  return {
    finishedAt: now.toISOString(),
    build: { id: outcome.buildId, ...(logUrl ? { logUrl } : {}) },
    ...(results.summary ? { summary: results.summary } : {}),
    ...(results.planDigest && outcome.result === 'succeeded' ? { planDigest: results.planDigest } : {}),
    ...(reason ? { reason } : {}),
  };
}

/**
 * Records the end of a build: summarizes the plan, marks the job, releases its lock (a PR's lock stays with
 * the PR), writes the audit line, reports to Slack and the PR, and moves on the applies that wait for the job
 * (see `advanceWaitingApplies`). The same end reported twice (a duplicate
 * or late event) changes nothing the second time.
 */
export async function completeJob(outcome: BuildOutcome, deps: CompletionDeps): Promise<Outcome<{ job: Job }>> {
  const job = await deps.store.getJob(outcome.jobId);
  if (!job) return refuse({ reason: 'unknown_job', jobId: outcome.jobId });
  if (job.status !== 'running' && job.status !== 'queued') return refuse({ reason: 'duplicate' });
  const results = await readResults(job, outcome.result, deps);
  const status = results.problem ? 'failed' : endStatus[outcome.result];
  const now = deps.clock.now();
  const finished = await deps.store.transitionJob(job.id, status, patchFor(job, outcome, results, now));
  if (!finished) return refuse({ reason: 'duplicate' });
  await deps.store.releaseJobLock(job.stack, job.id, now);
  await auditJob(deps.store, job, now, status, finished.reason);
  await deps.reporter.jobFinished(finished, {
    job: finished,
    ...(results.planText !== undefined ? { planText: results.planText } : {}),
    ...(results.logTail !== undefined ? { logTail: results.logTail } : {}),
  });
  const { orderedApplies } = deps;
  if (orderedApplies) await advanceWaitingApplies(finished, { ...deps, orderedApplies });
  return { ok: true, job: finished };
}
