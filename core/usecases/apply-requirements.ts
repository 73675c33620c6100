import type { Config, StackConfig } from '../config/schema';
import type { Job, Requester } from '../jobs/job';
import type { RequestDeps } from './deps';
import type { Refusal } from './refusal';

/** The GitHub login the `people` list gives a Slack user, if any. */
export function githubLoginOf(config: Pick<Config, 'people'>, slackUserId: string): string | undefined {
  return config.people.find((person) => person.slack === slackUserId)?.github;
}

/**
 * A plan made for a PR, applied from Slack, must meet the PR's requirements now (the PR open, a good plan at its
 * head, and the stack's `requirements`), checked with the applier's own GitHub login so that their approval does
 * not count for them. Requests from GitHub were checked by the caller with the commenter's login.
 */
async function prPlanRefusal(plan: Job & { pr: number }, stack: StackConfig, requester: Requester, deps: RequestDeps) {
  if (requester.source !== 'slack') return undefined;
  const login = githubLoginOf(deps.config, requester.id);
  if (stack.requirements.includes('approved') && login === undefined) {
    return { reason: 'no_github_login', stack: stack.name, userId: requester.id } satisfies Refusal;
  }
  const unmet = deps.prRequirements
    ? await deps.prRequirements(plan.pr, stack, login ?? '')
    : ['GitHub is not connected, so the PR cannot be checked'];
  if (unmet.length === 0) return undefined;
  return { reason: 'requirements_unmet', pr: plan.pr, stack: stack.name, unmet } satisfies Refusal;
}

/**
 * Why a plan may not be applied under the stack's `requirements`, or undefined when it may. A stack with
 * requirements is applied only from a plan of the default branch's current head (merged code was reviewed) or
 * from a PR's plan that meets them now; any other plan (a branch planned from Slack) is refused, from every door.
 */
export async function requirementsRefusal(
  plan: Job,
  stack: StackConfig,
  requester: Requester,
  deps: RequestDeps,
): Promise<Refusal | undefined> {
  if (plan.pr !== undefined) return prPlanRefusal({ ...plan, pr: plan.pr }, stack, requester, deps);
  if (stack.requirements.length === 0) return undefined;
  const { defaultBranch } = deps.config;
  const head = await deps.commits.resolve(defaultBranch);
  if (head.status === 'unreachable') return { reason: 'repository_unreachable', ref: defaultBranch, why: head.why };
  if (head.status === 'found' && head.sha === plan.sha) return undefined;
  return { reason: 'unreviewed_plan', plan, requirements: stack.requirements, defaultBranch };
}
