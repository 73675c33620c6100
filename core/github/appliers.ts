import { canWrite, type RepositoryPermission } from './pull-request';

/** Allowed, or refused with the reason shown to the user. */
export type GitHubDecision = { ok: true } | { ok: false; reason: string };

/** Whether a user may drive infrabot from a PR at all (plan, apply, unlock): write permission is needed. */
export function mayUseFromPr(login: string, permission: RepositoryPermission, repository: string): GitHubDecision {
  if (canWrite(permission)) return { ok: true };
  const has = permission === 'none' ? 'no permission' : `only ${permission} permission`;
  return { ok: false, reason: `@${login} has ${has} on ${repository}; infrabot commands need write permission` };
}

/** The `org/team` entries of a stack's `githubAppliers`. */
export function teamsIn(githubAppliers: readonly string[] | undefined): string[] {
  return (githubAppliers ?? []).filter((entry) => entry.includes('/'));
}

/** Whether the login is named directly in the list (logins are case-insensitive). */
export function isListedLogin(login: string, githubAppliers: readonly string[] | undefined): boolean {
  const lower = login.toLowerCase();
  return (githubAppliers ?? []).some((entry) => !entry.includes('/') && entry.toLowerCase() === lower);
}

/**
 * Who may apply a stack from a PR: write permission, and when the stack lists `githubAppliers`, being one of
 * those logins or a member of one of those teams (`memberOf`: the listed teams the user belongs to).
 */
export function mayApplyFromPr(input: {
  login: string;
  permission: RepositoryPermission;
  repository: string;
  stack: string;
  githubAppliers?: readonly string[];
  memberOf: readonly string[];
}): GitHubDecision {
  const base = mayUseFromPr(input.login, input.permission, input.repository);
  if (!base.ok || input.githubAppliers === undefined || input.githubAppliers.length === 0) return base;
  if (isListedLogin(input.login, input.githubAppliers)) return { ok: true };
  const teams = teamsIn(input.githubAppliers).map((team) => team.toLowerCase());
  if (input.memberOf.some((team) => teams.includes(team.toLowerCase()))) return { ok: true };
  return {
    ok: false,
    reason: `@${input.login} may not apply ${input.stack}: only ${input.githubAppliers.map((entry) => `@${entry}`).join(', ')} may`,
  };
}
