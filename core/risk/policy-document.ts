import { isObject, objects, strings } from './plan-values';

/**
 * Reading AWS IAM policy documents in any form Terraform renders them: a JSON string (from `jsonencode` or an
 * `aws_iam_policy_document`), or an object. Only `Allow` statements widen anything.
 */

/** The statements of a policy document; none when it is not one (or not valid JSON). */
export function allowStatements(document: unknown): Record<string, unknown>[] {
  const parsed = typeof document === 'string' ? parseJson(document) : document;
  if (!isObject(parsed)) return [];
  return objects(parsed.Statement).filter(
    (statement) => statement.Effect === undefined || statement.Effect === 'Allow',
  );
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Read-only verbs: an action starting with one of these changes nothing. */
const readVerbs = /^(Get|List|Describe|Read|Head|View|Query|Scan|Search|Select|Lookup|Batch(Get|Check))/;

/** Whether an action (`s3:PutObject`, `s3:*`, `*`) can change something. */
function isWriteAction(action: string): boolean {
  const verb = action.includes(':') ? action.slice(action.indexOf(':') + 1) : action;
  return !readVerbs.test(verb);
}

/** What a policy document allows that a reviewer must see: `Action "*"`, or write actions on `Resource "*"`. */
export function policyWidenings(document: unknown): string[] {
  const findings: string[] = [];
  for (const statement of allowStatements(document)) {
    const actions = strings(statement.Action);
    if (actions.includes('*')) findings.push('Action "*"');
    if (!strings(statement.Resource).includes('*')) continue;
    for (const action of actions) {
      if (action !== '*' && isWriteAction(action)) findings.push(`${action} on Resource "*"`);
    }
  }
  return findings;
}

/** The principals of an `Allow` statement: `"*"`, or the values of `{ "AWS": [...] }` and the like. */
function principals(statement: Record<string, unknown>): { anyone: boolean; aws: string[] } {
  const { Principal: principal } = statement;
  if (principal === '*') return { anyone: true, aws: [] };
  if (!isObject(principal)) return { anyone: false, aws: [] };
  const aws = strings(principal.AWS);
  return { anyone: aws.includes('*'), aws };
}

/** An account id in an AWS principal: `123456789012` or `arn:aws:iam::123456789012:root`. */
function accountOf(principal: string): string | undefined {
  return /^(?:arn:aws[\w-]*:iam::)?(\d{12})(?::|$)/.exec(principal)?.[1];
}

/** Who a trust policy lets assume the role: anyone (`"*"`), and which AWS accounts. */
export function trustFindings(document: unknown): string[] {
  const findings: string[] = [];
  for (const statement of allowStatements(document)) {
    const { anyone, aws } = principals(statement);
    if (anyone) findings.push('anyone ("*")');
    for (const principal of aws) {
      const account = accountOf(principal);
      if (account) findings.push(`account ${account}`);
    }
  }
  return findings;
}

/** Whether a resource policy lets anyone (`Principal: "*"`) in without a `Condition` narrowing it. */
export function allowsAnyone(document: unknown): boolean {
  return allowStatements(document).some((statement) => principals(statement).anyone && !isObject(statement.Condition));
}
