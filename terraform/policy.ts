/**
 * IAM policy documents as plain JSON strings. Resource ARNs of resources this app creates are cdktf tokens
 * inside the strings, which synth turns into Terraform references (`${aws_s3_bucket.x.arn}`), so every policy in
 * the synthesized JSON is a JSON document a reviewer (and the policy checker in the tests) can read as is.
 */

export type OneOrMore = string | string[];

export interface PolicyStatement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Action: OneOrMore;
  Resource?: OneOrMore;
  Principal?: '*' | Record<string, OneOrMore>;
  Condition?: Record<string, Record<string, OneOrMore>>;
}

/** A policy document of these statements, as the JSON string IAM, S3 and SQS take. */
export function policyDocument(statements: PolicyStatement[]): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: statements });
}

/** A statement allowing `actions` on `resources`. */
export function allow(sid: string, actions: string[], resources: string[], condition?: PolicyStatement['Condition']) {
  const statement: PolicyStatement = { Sid: sid, Effect: 'Allow', Action: actions, Resource: resources };
  if (condition) statement.Condition = condition;
  return statement;
}

/** A trust policy letting one AWS service assume the role, acting for this account when `sourceAccount` is set. */
export function trustService(service: string, sourceAccount?: string): string {
  const statement: PolicyStatement = { Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' };
  if (sourceAccount) statement.Condition = { StringEquals: { 'aws:SourceAccount': sourceAccount } };
  return policyDocument([statement]);
}

/** A trust policy letting exactly these role ARNs assume the role. */
export function trustRoles(roleArns: string[]): string {
  return policyDocument([{ Effect: 'Allow', Principal: { AWS: roleArns }, Action: 'sts:AssumeRole' }]);
}

/** Log-writing actions on one log group's streams (the group itself is created by Terraform). */
export function writeLogs(sid: string, logGroupArn: string): PolicyStatement {
  return allow(sid, ['logs:CreateLogStream', 'logs:PutLogEvents'], [`${logGroupArn}:*`]);
}

/** Item actions on the infrabot table: what the store and Powertools idempotency call for jobs, locks, audit entries and idempotency records. */
export const tableReadWriteActions = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
];
