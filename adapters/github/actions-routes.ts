import { StackNameSchema } from '../../core/config/schema';
import { actionsRequester, jobView, requestActionsPlan } from '../../core/github/actions-plan';
import type { GitHubDeps } from '../../core/github/deps';
import { matchesAnyWildcard } from '../../core/text/wildcard';
import * as z from '../../core/zod';
import { type HttpHandler, type HttpReply, reply } from './http';
import type { ActionsClaims, TokenCheck } from './oidc-verifier';

/** The body a workflow posts to `/github/actions`. */
export const ActionsRequestSchema = z.strictObject({
  action: z.literal('plan', { error: 'expected "action": "plan"' }),
  // Not z.int({ error }): its message would also replace the "expected int" one for a fractional pr.
  pr: z.number({ error: 'expected "pr": the pull request number' }).check(z.int(), z.positive()),
  sha: z.string().check(z.regex(/^[0-9a-f]{40}$/, { error: 'expected "sha": the 40-character head commit of the PR' })),
  stacks: z.optional(z.array(StackNameSchema)),
});

export interface ActionsOptions {
  deps: GitHubDeps;
  verifyToken: (token: string) => Promise<TokenCheck>;
}

/** Whether `value` equals one of `patterns`, where `*` stands for any run of characters. */
/**
 * The PR a token's run is bound to: `<n>` for the refs of a `pull_request` run (`refs/pull/<n>/merge`, or
 * `refs/pull/<n>/head`). Undefined for every other ref (a branch, a tag, a merge queue), including that of a
 * `pull_request_target` run, which is the base branch.
 */
export function prOfRef(ref: string | undefined): number | undefined {
  const match = /^refs\/pull\/([1-9][0-9]{0,9})\/(?:merge|head)$/.exec(ref ?? '');
  return match ? Number(match[1]) : undefined;
}

/** A refusal; `claims` when the token itself was valid, so that the refusal can be put down to someone. */
type Denied = { ok: false; status: number; error: string; claims?: ActionsClaims };

function denied(status: number, error: string, claims?: ActionsClaims): Denied {
  return { ok: false, status, error, ...(claims ? { claims } : {}) };
}

function answer(denial: Denied): HttpReply {
  return reply(denial.status, { error: denial.error });
}

/** The workflow a token speaks for: its `job_workflow_ref`, or the repository when the token has none. */
function workflowOf(claims: ActionsClaims): string {
  return claims.job_workflow_ref ?? claims.repository;
}

/**
 * Puts a refused plan request of a valid token in the audit log, so that a run probing other PRs or a workflow
 * outside the allow-lists leaves a trace. An invalid token names nobody and is only answered.
 */
async function auditRefusal(denial: Denied, target: string, options: ActionsOptions): Promise<HttpReply> {
  if (denial.claims) {
    await options.deps.store.appendAudit({
      at: options.deps.clock.now().toISOString(),
      actor: actionsRequester(workflowOf(denial.claims), denial.claims.actor),
      action: 'actions.plan',
      target,
      outcome: 'refused',
      detail: denial.error,
    });
  }
  return answer(denial);
}

/** Checks the bearer token: 401 when missing or invalid, 403 when valid but not allowed here. */
async function authenticate(
  headers: Record<string, string | undefined>,
  options: ActionsOptions,
): Promise<{ ok: true; claims: ActionsClaims } | Denied> {
  const token = /^Bearer\s+(\S+)$/i.exec(headers.authorization ?? '')?.[1];
  if (!token) return denied(401, 'expected Authorization: Bearer <GitHub Actions OIDC token>');
  const checked = await options.verifyToken(token);
  if (!checked.ok) return denied(401, checked.why);
  const { config } = options.deps;
  const { claims } = checked;
  if (claims.repository.toLowerCase() !== config.repository.toLowerCase()) {
    return denied(403, `tokens of ${claims.repository} are not accepted: infrabot serves ${config.repository}`, claims);
  }
  const { allowedWorkflows, allowedRefs, repositoryId } = config.github;
  if (repositoryId !== undefined && claims.repository_id !== String(repositoryId)) {
    const error =
      claims.repository_id === undefined
        ? `the token has no repository_id claim, which github.repositoryId (${repositoryId}) requires`
        : `tokens of repository id ${claims.repository_id} are not accepted: github.repositoryId is ${repositoryId}`;
    return denied(403, error, claims);
  }
  if (allowedWorkflows && !matchesAnyWildcard(claims.job_workflow_ref ?? '', allowedWorkflows)) {
    return denied(403, `the workflow ${claims.job_workflow_ref ?? '(none)'} is not in github.allowedWorkflows`, claims);
  }
  if (allowedRefs && !matchesAnyWildcard(claims.ref ?? '', allowedRefs)) {
    return denied(403, `the ref ${claims.ref ?? '(none)'} is not in github.allowedRefs`, claims);
  }
  return { ok: true, claims };
}

/** `POST /github/actions`: plans stacks of a PR for a verified workflow; 202 with the job ids. */
export function createActionsPlanHandler(options: ActionsOptions): HttpHandler {
  return async (request) => {
    const auth = await authenticate(request.headers, options);
    if (!auth.ok) return auditRefusal(auth, '*', options);
    let json: unknown;
    try {
      json = JSON.parse(request.body);
    } catch {
      return reply(400, { error: 'the body is not JSON' });
    }
    const body = ActionsRequestSchema.safeParse(json);
    if (!body.success) {
      return reply(400, {
        error: body.error.issues.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`),
      });
    }
    const { claims } = auth;
    const boundPr = prOfRef(claims.ref);
    if (boundPr !== undefined && body.data.pr !== boundPr) {
      const error = `a token of a run for PR #${boundPr} (${claims.ref}) may only plan PR #${boundPr}, not PR #${body.data.pr}`;
      return auditRefusal(denied(403, error, claims), `PR #${body.data.pr}`, options);
    }
    const workflow = workflowOf(claims);
    const actor = claims.actor !== undefined ? { actor: claims.actor } : {};
    const outcome = await requestActionsPlan({ ...body.data, workflow, ...actor }, options.deps);
    if (outcome.ok === false && outcome.reason === 'fork_pr')
      return auditRefusal(denied(403, outcome.message, claims), `PR #${body.data.pr}`, options);
    if (!outcome.ok) return reply(outcome.reason === 'pr_not_found' ? 404 : 409, { error: outcome.message });
    const jobs = outcome.results.flatMap((result) => (result.job ? [{ id: result.job.id, stack: result.stack }] : []));
    const refused = outcome.results.filter((result) => !result.ok).map(({ stack, text }) => ({ stack, reason: text }));
    if (jobs.length === 0 && refused.length === 0)
      return reply(200, { jobs, refused, message: 'the PR changes no stack' });
    return reply(jobs.length > 0 ? 202 : 409, { jobs, refused });
  };
}

/**
 * `GET /github/actions/jobs/:id`: a job's status and summary, for a workflow waiting on it. A token of a PR's
 * run sees only that PR's jobs: any other job gets the same 404 as a job that does not exist.
 */
export function createActionsJobHandler(options: ActionsOptions): HttpHandler {
  return async (request) => {
    const auth = await authenticate(request.headers, options);
    if (!auth.ok) return answer(auth);
    const id = request.params?.id ?? '';
    const boundPr = prOfRef(auth.claims.ref);
    const job = /^j-[a-z0-9-]{4,64}$/.test(id) ? await options.deps.store.getJob(id) : undefined;
    if (boundPr === undefined) return job ? reply(200, jobView(job)) : reply(404, { error: `there is no job ${id}` });
    return job?.pr === boundPr
      ? reply(200, jobView(job))
      : reply(404, { error: `there is no job ${id} of PR #${boundPr}` });
  };
}
