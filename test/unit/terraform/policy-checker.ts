/**
 * Walks every IAM policy document in a synthesized Terraform JSON configuration and reports what breaks
 * least privilege. A document is any string attribute of a resource or data source that holds a JSON object
 * with a `Statement` (role trust policies, inline and managed policies, bucket, queue, topic and secret
 * policies), any attribute named like a policy that does not parse, and every `aws_iam_policy_document` data
 * source. Only Allow statements can grant, so only they are judged; a Deny with a wildcard narrows access.
 */

/** Why an action may be granted on `*`: AWS offers no narrower resource for it. */
export type WildcardAllowList = Readonly<Record<string, string>>;

export interface PolicyFinding {
  /** `<resource type>.<name>.<attribute path>` of the document. */
  location: string;
  statement: string;
  problem: string;
}

export interface PolicyDocumentRef {
  location: string;
  document: unknown;
}

type Json = Record<string, unknown>;

/** Attributes that hold an IAM policy document in the AWS provider. */
const policyAttributes = new Set([
  'policy',
  'assume_role_policy',
  'access_policy',
  'access_policies',
  'resource_policy',
]);
/** A reference to a policy document data source, which is checked where it is declared. */
const documentReference = /^\$\{data\.aws_iam_policy_document\.[\w-]+\.json\}$/;

/** Every policy document in the configuration, with where it was found (unparseable ones as raw strings). */
export function findPolicyDocuments(config: Json): PolicyDocumentRef[] {
  const found: PolicyDocumentRef[] = [];
  for (const [block, prefix] of [
    [config.resource, ''],
    [config.data, 'data.'],
  ] as const) {
    for (const [type, instances] of Object.entries((block ?? {}) as Json)) {
      for (const [name, body] of Object.entries(instances as Json)) {
        const location = `${prefix}${type}.${name}`;
        if (type === 'aws_iam_policy_document')
          found.push({ location, document: fromPolicyDocumentData(body as Json) });
        else walk(body, location, '', found);
      }
    }
  }
  return found;
}

function walk(value: unknown, location: string, key: string, found: PolicyDocumentRef[]): void {
  if (typeof value === 'string') {
    const document = parseDocument(value);
    if (document !== undefined) found.push({ location, document });
    else if (policyAttributes.has(key) && !documentReference.test(value)) found.push({ location, document: value });
    return;
  }
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) walk(item, `${location}[${index}]`, key, found);
    return;
  }
  if (value !== null && typeof value === 'object') {
    for (const [child, inner] of Object.entries(value)) {
      if (child !== '//') walk(inner, `${location}.${child}`, child, found);
    }
  }
}

function parseDocument(text: string): Json | undefined {
  if (!text.trim().startsWith('{')) return undefined;
  try {
    const parsed = JSON.parse(text) as unknown;
    return parsed !== null && typeof parsed === 'object' && 'Statement' in parsed ? (parsed as Json) : undefined;
  } catch {
    return undefined;
  }
}

/** Turns an `aws_iam_policy_document` data source's statement blocks into the JSON form. */
function fromPolicyDocumentData(body: Json): Json {
  const blocks = (body.statement ?? []) as Json[];
  const Statement = blocks.map((block) => {
    const statement: Json = { Effect: block.effect ?? 'Allow', Sid: block.sid };
    if (block.actions) statement.Action = block.actions;
    if (block.not_actions) statement.NotAction = block.not_actions;
    if (block.resources) statement.Resource = block.resources;
    if (block.not_resources) statement.NotResource = block.not_resources;
    if (block.principals) statement.Principal = block.principals;
    if (block.condition) statement.Condition = block.condition;
    return statement;
  });
  return { Statement };
}

const asList = (value: unknown): unknown[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

/** Judges one document; a string (a policy that is not readable JSON) is itself a finding. */
export function checkPolicyDocument(ref: PolicyDocumentRef, allowList: WildcardAllowList): PolicyFinding[] {
  if (typeof ref.document === 'string') {
    return [{ location: ref.location, statement: '-', problem: 'the policy is not a readable JSON document' }];
  }
  const statements = asList((ref.document as Json).Statement) as Json[];
  return statements.flatMap((statement, index) => {
    if (statement.Effect !== 'Allow') return [];
    const name = typeof statement.Sid === 'string' && statement.Sid !== '' ? statement.Sid : `#${index}`;
    return checkStatement(statement, allowList).map((problem) => ({
      location: ref.location,
      statement: name,
      problem,
    }));
  });
}

function checkStatement(statement: Json, allowList: WildcardAllowList): string[] {
  const problems: string[] = [];
  const actions = asList(statement.Action).map(String);
  if (statement.NotAction !== undefined) problems.push('NotAction in an Allow grants every other action');
  if (statement.NotResource !== undefined) problems.push('NotResource in an Allow grants every other resource');
  for (const action of actions.filter((candidate) => candidate.includes('*'))) {
    problems.push(`wildcard action "${action}"`);
  }
  const resources = asList(statement.Resource).map(String);
  if (resources.includes('*')) {
    const unlisted = actions.filter((action) => allowList[action] === undefined);
    if (unlisted.length > 0)
      problems.push(`"*" resource for ${unlisted.join(', ')}, which the allow-list does not name`);
  }
  if (resources.length === 0 && statement.Principal === undefined && statement.NotResource === undefined) {
    problems.push('no Resource');
  }
  const principal = statement.Principal;
  const everyone = principal === '*' || asList((principal as Json | undefined)?.AWS).includes('*');
  if (everyone && statement.Condition === undefined)
    problems.push('grants to every principal ("*") without a condition');
  const passRole = actions.some((action) => action.toLowerCase() === 'iam:passrole');
  if (passRole && statement.Condition === undefined) problems.push('iam:PassRole without a condition');
  return problems;
}

/** `aws_lambda_permission` granting to everyone must be limited to the function URL. */
function checkLambdaPermissions(config: Json): PolicyFinding[] {
  const permissions = ((config.resource as Json | undefined)?.aws_lambda_permission ?? {}) as Json;
  return Object.entries(permissions).flatMap(([name, body]) => {
    const permission = body as Json;
    const viaUrl = permission.function_url_auth_type !== undefined || permission.invoked_via_function_url === true;
    if (permission.principal !== '*' || viaUrl) return [];
    return [
      {
        location: `aws_lambda_permission.${name}`,
        statement: String(permission.statement_id ?? '-'),
        problem: 'lets every principal invoke the function outside its function URL',
      },
    ];
  });
}

/** Checks every policy in the configuration; `documents` says how many were read. */
export function checkSynthesizedPolicies(config: Json, allowList: WildcardAllowList) {
  const refs = findPolicyDocuments(config);
  const findings = [...refs.flatMap((ref) => checkPolicyDocument(ref, allowList)), ...checkLambdaPermissions(config)];
  return { documents: refs.length, findings };
}
