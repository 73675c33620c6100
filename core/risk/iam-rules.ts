import { attribute, gained, objects, type RawChange, type Side, strings } from './plan-values';
import { policyWidenings, trustFindings } from './policy-document';

/** What an IAM check reports: the reasons of its flags. */
export type Check = (change: RawChange) => string[];

/** Managed policies that hand over (nearly) everything. */
const broadManagedPolicies = ['AdministratorAccess', 'PowerUserAccess', 'IAMFullAccess'];

function broadPolicyOf(arn: string): string | undefined {
  return broadManagedPolicies.find((name) => arn.endsWith(`:policy/${name}`));
}

/** A policy document in attribute `name` gaining `Action "*"` or write actions on `Resource "*"`. */
function policyCheck(name: string): Check {
  return (change) =>
    gained(change, (side) => policyWidenings(attribute(change, side, name))).map(
      (finding) => `${change.address} now allows ${finding} in its policy`,
    );
}

/** Managed policies attached by ARN, in attribute `name` (one ARN or a list). */
function attachmentCheck(name: string): Check {
  return (change) =>
    gained(change, (side) => strings(attribute(change, side, name)).flatMap((arn) => broadPolicyOf(arn) ?? [])).map(
      (policy) => `${change.address} attaches ${policy}`,
    );
}

function roleInlinePolicies(change: RawChange, side: Side): string[] {
  return objects(attribute(change, side, 'inline_policy')).flatMap((inline) => policyWidenings(inline.policy));
}

const roleCheck: Check = (change) => [
  ...gained(change, (side) => trustFindings(attribute(change, side, 'assume_role_policy'))).map(
    (finding) => `${change.address} can now be assumed by ${finding}`,
  ),
  ...gained(change, (side) => roleInlinePolicies(change, side)).map(
    (finding) => `${change.address} now allows ${finding} in an inline policy`,
  ),
  ...attachmentCheck('managed_policy_arns')(change),
];

/** Google roles that own or administer what they are granted on. */
function isBroadGoogleRole(role: string): boolean {
  return role === 'roles/owner' || role === 'roles/editor' || /admin$/i.test(role);
}

const everyone = ['allUsers', 'allAuthenticatedUsers'];

function googleGrants(change: RawChange, side: Side): string[] {
  const role = attribute(change, side, 'role');
  if (typeof role !== 'string') return [];
  const members = [...strings(attribute(change, side, 'members')), ...strings(attribute(change, side, 'member'))];
  return members
    .filter((member) => isBroadGoogleRole(role) || everyone.includes(member))
    .map((member) => `${role} to ${member}`);
}

/** `google_*_iam_binding` and `google_*_iam_member`: broad roles, or any role to everyone. */
export const googleIamCheck: Check = (change) =>
  gained(change, (side) => googleGrants(change, side)).map((grant) => `${change.address} grants ${grant}`);

/** An attribute reaching `admin`: organization membership role, repository permission. */
function githubAdminCheck(name: string, what: string): Check {
  return (change) =>
    gained(change, (side) => (attribute(change, side, name) === 'admin' ? ['admin'] : [])).map(
      () => `${change.address} makes ${what} an admin`,
    );
}

/** The iam-widening checks by resource type. */
export const iamChecks: Readonly<Record<string, Check>> = {
  aws_iam_policy: policyCheck('policy'),
  aws_iam_role_policy: policyCheck('policy'),
  aws_iam_user_policy: policyCheck('policy'),
  aws_iam_group_policy: policyCheck('policy'),
  aws_iam_role: roleCheck,
  aws_iam_role_policy_attachment: attachmentCheck('policy_arn'),
  aws_iam_user_policy_attachment: attachmentCheck('policy_arn'),
  aws_iam_group_policy_attachment: attachmentCheck('policy_arn'),
  aws_iam_policy_attachment: attachmentCheck('policy_arn'),
  github_membership: githubAdminCheck('role', 'a member of the organization'),
  github_repository_collaborator: githubAdminCheck('permission', 'a collaborator on the repository'),
  github_team_repository: githubAdminCheck('permission', 'a team on the repository'),
};

/** Whether a type is a Google IAM binding or member, on any resource (`google_project_iam_member`, …). */
export function isGoogleIamType(type: string): boolean {
  return /^google_\w+_iam_(binding|member)$/.test(type);
}
