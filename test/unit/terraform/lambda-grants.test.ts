import { beforeAll, describe, expect, it } from 'vitest';
import type { FunctionName } from '../../../terraform/bundles';
import { sdkCallsOf } from './sdk-calls';
import { resourcesOf, synthInfrabot, type TerraformJson } from './synth';

/** The services whose calls the Lambdas make themselves; every such call must be granted, and nothing else. */
const services = ['codebuild', 'dynamodb', 's3', 'lambda', 'cloudfront', 'athena', 'secretsmanager'];

type Reasons = Record<string, string>;

const storeCalls = (why: string): Reasons =>
  Object.fromEntries(
    ['GetItem', 'BatchGetItem', 'Query', 'PutItem', 'UpdateItem', 'DeleteItem'].map((call) => [
      `dynamodb:${call}`,
      why,
    ]),
  );

/** What each Lambda calls, and why: each must be granted to its role. */
const made: Record<FunctionName, Reasons> = {
  bot: {
    ...storeCalls('jobs, locks, requests and audit lines in the table'),
    'codebuild:StopBuild': '/tf cancel stops the running build',
    'lambda:InvokeFunction': 'hands jobs to the dispatcher and /cdn, /logs tasks to the worker',
    'cloudfront:ListDistributions': '/cdn which runs in the bot',
    'secretsmanager:GetSecretValue': 'the Slack and GitHub secrets',
  },
  dispatcher: {
    ...storeCalls('jobs and locks in the table'),
    'codebuild:StartBuild': 'starts the build of a job',
    'codebuild:StopBuild': 'stops a build whose job was cancelled while it started',
    's3:GetObject': "reads an apply's saved plan to check its digest, and signs the one URL its build reads it with",
    's3:PutObject': "signs the URLs a build uploads its own job's plan files and log with",
    'secretsmanager:GetSecretValue': 'the Slack and GitHub secrets, to report a build that could not start',
  },
  notifier: {
    ...storeCalls('jobs, locks and (Powertools idempotency) build ends in the table'),
    'codebuild:BatchGetBuilds': 'the sweep reads builds whose end event was lost',
    'lambda:InvokeFunction':
      "hands the dispatcher what waited for a build's end: a plan made again, the next apply, a run's next drift checks",
    's3:GetObject': 'reads the plan summary of a finished job',
    'secretsmanager:GetSecretValue': 'the Slack and GitHub secrets',
  },
  'selfservice-worker': {
    'dynamodb:PutItem': 'audit lines of /cdn and /logs',
    'cloudfront:ListDistributions': 'finds the distribution of a target',
    'cloudfront:CreateInvalidation': '/cdn invalidate',
    'cloudfront:GetInvalidation': 'waits for the invalidation to complete',
    'athena:StartQueryExecution': '/logs runs a preset',
    'athena:GetQueryExecution': 'waits for the query',
    'athena:GetQueryResults': 'reads the rows',
    'athena:StopQueryExecution': 'stops a query that runs too long',
    'secretsmanager:GetSecretValue': 'the Slack bot token',
  },
};

/** Calls the code of a Lambda contains but that Lambda never makes, and why: none is granted. */
const secretsFromSsm = 'the deployment points every <NAME>_FROM at Secrets Manager; SSM is for setups made by hand';
const ssmCalls: Reasons = {
  'ssm:GetParameter': secretsFromSsm,
  'ssm:GetParameters': secretsFromSsm,
  'ssm:PutParameter': 'Powertools Parameters can write; infrabot only reads',
};
const artifactsUriOnly = 'its CodeBuild runner imports only artifactsUri from the S3 artifacts module';
const notMade: Record<FunctionName, Reasons> = {
  bot: {
    ...ssmCalls,
    'codebuild:StartBuild': 'the dispatcher starts builds; the bot holds the runner only to cancel',
    'codebuild:BatchGetBuilds': 'the bot never reads builds',
    'cloudfront:CreateInvalidation': 'the worker invalidates; the bot only lists distributions for /cdn which',
    'cloudfront:GetInvalidation': 'the worker waits for invalidations',
    's3:GetObject': artifactsUriOnly,
    's3:PutObject': artifactsUriOnly,
  },
  dispatcher: {
    ...ssmCalls,
    'codebuild:BatchGetBuilds': 'the dispatcher never reads builds; the notifier does',
  },
  notifier: {
    ...ssmCalls,
    's3:PutObject': 'builds write the artifacts; the notifier only reads them',
  },
  'selfservice-worker': {
    ...ssmCalls,
    ...Object.fromEntries(
      Object.keys(storeCalls(''))
        .filter((call) => call !== 'dynamodb:PutItem')
        .map((call) => [call, 'the worker holds the store only as its audit log (PutItem)']),
    ),
  },
};

/** Statements that let a service act for the role (Athena reads data and writes results as the caller). */
const onBehalf: Record<string, string> = {
  ResultsObjects: 'Athena writes query results as the worker',
  ResultsBucket: 'Athena locates the results bucket as the worker',
  Data0Objects: 'Athena reads the tables data as the worker',
  Data0Bucket: 'Athena lists the tables data as the worker',
};

/** The actions the roles policies grant to one Lambda in the compared services, without on-behalf statements. */
function grantedTo(json: TerraformJson, name: FunctionName): string[] {
  const statements = resourcesOf(json, 'aws_iam_role_policy')
    .filter((policy) => String(policy.name).startsWith(`infrabot-${name}-lambda-`))
    .flatMap(
      (policy) => (JSON.parse(String(policy.policy)) as { Statement: { Sid?: string; Action: string[] }[] }).Statement,
    );
  const actions = statements.filter((s) => !(s.Sid && s.Sid in onBehalf)).flatMap((s) => s.Action);
  return [...new Set(actions.filter((action) => services.includes(action.split(':')[0] ?? '')))].sort();
}

const functions = Object.keys(made) as FunctionName[];
let json: TerraformJson;
const calls = new Map<FunctionName, Map<string, string[]>>();

beforeAll(async () => {
  json = synthInfrabot({
    selfService: { athenaResultsLocation: 's3://athena-results/infrabot/', athenaDataLocations: ['s3://logs/rails/'] },
  });
  for (const name of functions) calls.set(name, await sdkCallsOf(name));
}, 120_000);

describe.each(functions)('the %s Lambda', (name) => {
  it('makes exactly the calls listed for it, and every other call its code contains is explained', () => {
    // Act
    const found = [...(calls.get(name)?.keys() ?? [])].sort();

    // Assess
    expect(found).toEqual([...Object.keys(made[name]), ...Object.keys(notMade[name])].sort());
    expect(Object.keys(made[name]).filter((call) => call in notMade[name])).toEqual([]);
  });

  it('is granted every call it makes and nothing else', () => {
    expect(grantedTo(json, name)).toEqual(Object.keys(made[name]).sort());
  });
});

describe('the bot role', () => {
  it('may stop builds of the build projects only, for /tf cancel', () => {
    // Act
    const cancel = resourcesOf(json, 'aws_iam_role_policy')
      .filter((policy) => policy.name === 'infrabot-bot-lambda-app')
      .flatMap((policy) => (JSON.parse(String(policy.policy)) as { Statement: Record<string, unknown>[] }).Statement)
      .filter((s) => (s.Action as string[]).some((action) => action.startsWith('codebuild:')));

    // Assess
    expect(cancel).toEqual([
      {
        Sid: 'CancelInfrabotBuilds',
        Effect: 'Allow',
        Action: ['codebuild:StopBuild'],
        Resource: [
          expect.stringMatching(/^arn:aws:codebuild:eu-west-1:\$\{[\w.]+\}:project\/infrabot-plan-\*$/),
          expect.stringMatching(/^arn:aws:codebuild:eu-west-1:\$\{[\w.]+\}:project\/infrabot-apply-\*$/),
        ],
      },
    ]);
  });
});
