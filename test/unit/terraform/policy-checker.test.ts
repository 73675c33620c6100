import { describe, expect, it } from 'vitest';
import { checkPolicyDocument, checkSynthesizedPolicies, findPolicyDocuments } from './policy-checker';

const allowList = { 'cloudfront:ListDistributions': 'no resource-level permissions' };

const doc = (...Statement: Record<string, unknown>[]) => JSON.stringify({ Version: '2012-10-17', Statement });

const withRolePolicy = (policy: string) => ({
  resource: { aws_iam_role_policy: { bad: { name: 'bad', role: 'r', policy } } },
});

const problemsOf = (policy: string) =>
  checkSynthesizedPolicies(withRolePolicy(policy), allowList).findings.map((f) => f.problem);

describe('checkSynthesizedPolicies', () => {
  it('accepts a narrow statement', () => {
    // Prepare
    const policy = doc({ Effect: 'Allow', Action: ['s3:GetObject'], Resource: ['arn:aws:s3:::bucket/jobs/*'] });

    // Act
    const result = checkSynthesizedPolicies(withRolePolicy(policy), allowList);

    // Assess
    expect(result).toEqual({ documents: 1, findings: [] });
  });

  it('refuses the "*" action', () => {
    expect(problemsOf(doc({ Effect: 'Allow', Action: '*', Resource: 'arn:aws:s3:::b' }))).toEqual([
      'wildcard action "*"',
    ]);
  });

  it('refuses a service-wide and a partial wildcard action', () => {
    const problems = problemsOf(
      doc({ Sid: 'S', Effect: 'Allow', Action: ['s3:*', 'ec2:Describe*'], Resource: 'arn:aws:s3:::b' }),
    );
    expect(problems).toEqual(['wildcard action "s3:*"', 'wildcard action "ec2:Describe*"']);
  });

  it('refuses a "*" resource for an action outside the allow-list', () => {
    const problems = problemsOf(doc({ Effect: 'Allow', Action: ['s3:GetObject'], Resource: '*' }));
    expect(problems).toEqual(['"*" resource for s3:GetObject, which the allow-list does not name']);
  });

  it('accepts a "*" resource for an allow-listed action', () => {
    expect(problemsOf(doc({ Effect: 'Allow', Action: 'cloudfront:ListDistributions', Resource: ['*'] }))).toEqual([]);
  });

  it('names only the unlisted actions of a statement mixing listed and unlisted ones on "*"', () => {
    const policy = doc({
      Effect: 'Allow',
      Action: ['cloudfront:ListDistributions', 'cloudfront:CreateInvalidation'],
      Resource: '*',
    });
    expect(problemsOf(policy)).toEqual([
      '"*" resource for cloudfront:CreateInvalidation, which the allow-list does not name',
    ]);
  });

  it('refuses iam:PassRole without a condition and accepts it with one', () => {
    const bare = doc({ Effect: 'Allow', Action: 'iam:PassRole', Resource: 'arn:aws:iam::123456789012:role/x' });
    const conditioned = doc({
      Effect: 'Allow',
      Action: 'iam:PassRole',
      Resource: 'arn:aws:iam::123456789012:role/x',
      Condition: { StringEquals: { 'iam:PassedToService': 'codebuild.amazonaws.com' } },
    });
    expect(problemsOf(bare)).toEqual(['iam:PassRole without a condition']);
    expect(problemsOf(conditioned)).toEqual([]);
  });

  it('refuses NotAction and NotResource in an Allow', () => {
    const problems = problemsOf(doc({ Effect: 'Allow', NotAction: 'iam:*', NotResource: 'arn:aws:s3:::b' }));
    expect(problems).toEqual([
      'NotAction in an Allow grants every other action',
      'NotResource in an Allow grants every other resource',
    ]);
  });

  it('refuses a grant to every principal without a condition', () => {
    const policy = doc({
      Effect: 'Allow',
      Principal: { AWS: '*' },
      Action: 'sqs:SendMessage',
      Resource: 'arn:aws:sqs:eu-west-1:1:q',
    });
    expect(problemsOf(policy)).toEqual(['grants to every principal ("*") without a condition']);
  });

  it('ignores Deny statements, whose wildcards only take access away', () => {
    const policy = doc({ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*' });
    expect(problemsOf(policy)).toEqual([]);
  });

  it('reports a policy attribute that is not readable JSON', () => {
    const hclExpression = ['$', '{jsonencode({Statement = []})}'].join('');
    const result = checkSynthesizedPolicies(withRolePolicy(hclExpression), allowList);
    expect(result.findings).toEqual([
      {
        location: 'aws_iam_role_policy.bad.policy',
        statement: '-',
        problem: 'the policy is not a readable JSON document',
      },
    ]);
  });

  it('finds trust, inline, bucket and data-source policies and names each finding by location and Sid', () => {
    // Prepare
    const config = {
      resource: {
        aws_iam_role: {
          r: {
            assume_role_policy: doc({
              Effect: 'Allow',
              Principal: { Service: 'lambda.amazonaws.com' },
              Action: 'sts:AssumeRole',
            }),
            inline_policy: [
              { name: 'i', policy: doc({ Sid: 'Inline', Effect: 'Allow', Action: 'dynamodb:*', Resource: 'arn:t' }) },
            ],
          },
        },
        aws_s3_bucket_policy: {
          b: {
            bucket: 'b',
            policy: doc({
              Sid: 'Public',
              Effect: 'Allow',
              Principal: '*',
              Action: 's3:GetObject',
              Resource: 'arn:aws:s3:::b/*',
            }),
          },
        },
      },
      data: {
        aws_iam_policy_document: {
          d: { statement: [{ sid: 'FromData', actions: ['iam:PassRole'], resources: ['arn:aws:iam::1:role/x'] }] },
        },
      },
    };

    // Act
    const result = checkSynthesizedPolicies(config, allowList);

    // Assess
    expect(findPolicyDocuments(config).map((ref) => ref.location)).toEqual([
      'aws_iam_role.r.assume_role_policy',
      'aws_iam_role.r.inline_policy[0].policy',
      'aws_s3_bucket_policy.b.policy',
      'data.aws_iam_policy_document.d',
    ]);
    expect(result.findings).toEqual([
      {
        location: 'aws_iam_role.r.inline_policy[0].policy',
        statement: 'Inline',
        problem: 'wildcard action "dynamodb:*"',
      },
      {
        location: 'aws_s3_bucket_policy.b.policy',
        statement: 'Public',
        problem: 'grants to every principal ("*") without a condition',
      },
      {
        location: 'data.aws_iam_policy_document.d',
        statement: 'FromData',
        problem: 'iam:PassRole without a condition',
      },
    ]);
  });

  it('refuses a public Lambda permission that is not limited to the function URL', () => {
    const config = {
      resource: {
        aws_lambda_permission: {
          open: { action: 'lambda:InvokeFunction', function_name: 'f', principal: '*', statement_id: 'Open' },
          url: { action: 'lambda:InvokeFunction', function_name: 'f', principal: '*', invoked_via_function_url: true },
        },
      },
    };
    expect(checkSynthesizedPolicies(config, allowList).findings).toEqual([
      {
        location: 'aws_lambda_permission.open',
        statement: 'Open',
        problem: 'lets every principal invoke the function outside its function URL',
      },
    ]);
  });
});

describe('checkPolicyDocument', () => {
  it('names a statement without a Sid by its index', () => {
    const ref = { location: 'x', document: { Statement: [{ Effect: 'Allow', Action: 'sqs:SendMessage' }] } };
    expect(checkPolicyDocument(ref, allowList)).toEqual([{ location: 'x', statement: '#0', problem: 'no Resource' }]);
  });
});
