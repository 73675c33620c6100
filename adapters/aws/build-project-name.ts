import { createHash } from 'node:crypto';
import type { JobAction } from '../../core/jobs/job';

/** IAM's limit on a role name: the project's service role carries the project's name. */
const maxNameLength = 64;
const hashLength = 8;

/**
 * The CodeBuild project that runs `action` for one stack, such as `infrabot-plan-aws-prod-network-1a2b3c4d`.
 * Every stack has its own plan and apply project, whose service role may assume only that stack's role of the
 * action: a plan of one stack cannot act as another stack's role, whoever chose the code it runs. The deployment
 * (terraform/) names the project, its role and its log group this way, and the dispatcher starts the project of
 * the job's stack by the same rule, so neither needs a table of names.
 *
 * The stack name is shortened to letters, digits and `-` (as CodeBuild and IAM names allow) and may be cut to
 * keep the name within 64 characters; the first 8 hex digits of the SHA-256 of the exact stack name keep two
 * stacks whose names shorten alike (`aws/prod-network`, `aws/prod/network`) apart.
 */
export function buildProjectName(prefix: string, action: JobAction, stackName: string): string {
  const hash = createHash('sha256').update(stackName).digest('hex').slice(0, hashLength);
  const head = `${prefix}-${action}-`;
  const room = Math.max(0, maxNameLength - head.length - hash.length - 1);
  const slug = stackName
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, room)
    .replace(/^-+|-+$/g, '');
  return slug === '' ? `${head}${hash}` : `${head}${slug}-${hash}`;
}

/**
 * How every project of a deployment with this prefix begins (`<prefix>-plan-`, `<prefix>-apply-`): the Lambdas
 * start, stop and read builds of projects named so, and EventBridge forwards their ends. Named by prefix rather
 * than listed, so the policies and the event pattern stay within AWS's size limits however many stacks there are.
 */
export function buildProjectNamePrefixes(prefix: string): string[] {
  return [`${prefix}-plan-`, `${prefix}-apply-`];
}
