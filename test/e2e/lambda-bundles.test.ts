import { execFile, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbStore } from '../../adapters/aws/dynamodb-store';
import { S3Artifacts } from '../../adapters/aws/s3-artifacts';
import { FakeGitHubApi } from '../fakes/fake-github-api';
import { type LocalDynamo, startDynalite } from '../support/dynalite';
import { codebuildOperation, type FakeBuild, startFakeCodeBuild } from '../support/fake-codebuild';
import { startFakeSlackApi } from '../support/fake-slack-api';
import { writeTestConfig } from '../support/infrabot-yaml';
import type { RecordingServer } from '../support/recording-server';
import { type LocalS3, startS3rver } from '../support/s3rver';

const sha = '0123456789abcdef0123456789abcdef01234567';
const root = join(import.meta.dirname, '..', '..');
let outDir: string;
let dynamo: LocalDynamo;
let s3: LocalS3;
let slack: RecordingServer;
let codebuild: RecordingServer;
let github: FakeGitHubApi;
let githubUrl: string;
let env: Record<string, string>;
/** The deployment inputs the bundles were built with (their configPath) and synthesized from. */
let inputs: string;
/** The builds the CodeBuild stand-in answers BatchGetBuilds with. */
const builds: Record<string, FakeBuild> = {};

beforeAll(async () => {
  outDir = await mkdtemp(join(tmpdir(), 'infrabot-bundles-'));
  const config = await writeTestConfig();
  // The deployment's configuration (configPath of its inputs) is bundled beside each handler, and the Lambdas
  // run without INFRABOT_CONFIG.
  inputs = join(outDir, 'inputs.json');
  await writeFile(inputs, JSON.stringify({ configPath: config, bundlesDir: outDir }));
  const built = spawnSync(process.execPath, ['scripts/build.mjs', '--out', outDir], {
    cwd: root,
    env: { ...process.env, INFRABOT_DEPLOY_INPUTS: inputs },
    encoding: 'utf8',
  });
  if (built.status !== 0) throw new Error(`the build failed:\n${built.stderr}`);
  github = new FakeGitHubApi();
  [dynamo, s3, slack, codebuild, githubUrl] = await Promise.all([
    startDynalite(),
    startS3rver(),
    startFakeSlackApi(),
    startFakeCodeBuild(builds),
    github.start(),
  ]);
  env = {
    PATH: process.env.PATH ?? '',
    AWS_REGION: 'eu-west-1',
    AWS_ACCESS_KEY_ID: 'S3RVER',
    AWS_SECRET_ACCESS_KEY: 'S3RVER',
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
    AWS_ENDPOINT_URL_S3: s3.endpoint,
    AWS_ENDPOINT_URL_CODEBUILD: codebuild.url,
    INFRABOT_TABLE: dynamo.tableName,
    INFRABOT_ARTIFACTS_BUCKET: s3.bucket,
    INFRABOT_BUILD_PROJECT_PREFIX: 'infrabot',
    INFRABOT_DISPATCHER_FUNCTION: 'infrabot-dispatcher',
    SLACK_BOT_TOKEN: 'xoxb-test-token',
    SLACK_SIGNING_SECRET: 'bundle-signing-secret',
    SLACK_API_URL: `${slack.url}/api/`,
  };
}, 180_000);
afterAll(async () => {
  await Promise.all([dynamo?.close(), s3?.close(), slack?.close(), codebuild?.close(), github?.stop()]);
  await rm(outDir, { recursive: true, force: true });
});

const execFileAsync = promisify(execFile);

/**
 * Runs a bundle's handler with one event in a fresh Node process, as Lambda would, and returns its result.
 * Asynchronously: the local services it talks to run in this process.
 */
async function invoke(lambda: string, event: unknown, extraEnv: Record<string, string> = {}): Promise<unknown> {
  const url = pathToFileURL(join(outDir, lambda, 'index.mjs')).href;
  const script = `const { handler } = await import(${JSON.stringify(url)});
const result = await handler(JSON.parse(process.env.EVENT));
process.stdout.write('\\n@@' + JSON.stringify(result));
// Lambda freezes the process after the answer; here the SDK's kept-alive sockets would hold it open.
process.exit(0);`;
  const run = await execFileAsync(process.execPath, ['--input-type=module', '--no-warnings', '-e', script], {
    env: { ...env, ...extraEnv, EVENT: JSON.stringify(event) },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return JSON.parse(run.stdout.split('\n@@').at(-1) ?? 'null');
}

describe('the built Lambda bundles', () => {
  it('start a build with the dispatcher and record its end with the notifier', async () => {
    const store = new DynamoDbStore({ client: dynamo.client, tableName: dynamo.tableName });
    const request = {
      jobId: 'j-bundle-0001',
      action: 'plan',
      stack: 'aws/prod/network',
      sha,
      requestedBy: { source: 'slack', id: 'U012ABCDEF' },
      reply: { channel: 'C0123ABC', ts: '1700000000.000100' },
    };

    const dispatched = await invoke('dispatcher', request);
    const plan = readFileSync(new URL('../fixtures/plans/real-1.2-mixed.json', import.meta.url), 'utf8');
    await new S3Artifacts({ client: s3.client, bucket: s3.bucket }).put('j-bundle-0001', 'plan.json', plan);
    const event = readFileSync(new URL('../fixtures/codebuild/succeeded.json', import.meta.url), 'utf8');
    const notified = await invoke('notifier', JSON.parse(event.replaceAll('j-lx2k3-ab12', 'j-bundle-0001')));

    expect(dispatched).toEqual({
      ok: true,
      jobId: 'j-bundle-0001',
      buildId: 'infrabot-plan-aws-prod-network-92fa455e:j-bundle-0001',
    });
    expect(codebuild.requests.map(codebuildOperation)).toEqual(['StartBuild']);
    expect(notified).toEqual({ handled: true, jobId: 'j-bundle-0001', status: 'succeeded' });
    expect(await store.getJob('j-bundle-0001')).toMatchObject({ status: 'succeeded', summary: { hasChanges: true } });
    expect(await store.getLock('aws/prod/network', new Date())).toBeUndefined();
  });

  it('post a PR plan to the PR from the notifier, through typed GitHub routes', async () => {
    const withGitHub = { GITHUB_TOKEN: 'ghp_bundle_token', GITHUB_API_URL: githubUrl };
    const request = {
      jobId: 'j-bundle-0002',
      action: 'plan',
      stack: 'aws/prod/network',
      sha,
      pr: 12,
      requestedBy: { source: 'github', id: 'octocat' },
    };

    await invoke('dispatcher', request, withGitHub);
    const plan = readFileSync(new URL('../fixtures/plans/real-1.2-mixed.json', import.meta.url), 'utf8');
    await new S3Artifacts({ client: s3.client, bucket: s3.bucket }).put('j-bundle-0002', 'plan.json', plan);
    const event = readFileSync(new URL('../fixtures/codebuild/succeeded.json', import.meta.url), 'utf8');
    const ownBuild = event.replaceAll('j-lx2k3-ab12', 'j-bundle-0002').replaceAll('8745a7a9', '00000002');
    const notified = await invoke('notifier', JSON.parse(ownBuild), withGitHub);

    expect(notified).toEqual({ handled: true, jobId: 'j-bundle-0002', status: 'succeeded' });
    const [comment] = github.made('POST', /^\/repos\/[^/]+\/[^/]+\/issues\/12\/comments$/);
    expect(comment?.authorization).toBe('token ghp_bundle_token');
    expect(JSON.stringify(comment?.body)).toContain('infrabot:stack=aws/prod/network');
    expect(github.made('POST', new RegExp(`/statuses/${sha}$`)).length).toBeGreaterThan(0);
  });

  it('record the end of a build whose event was lost when the sweep schedule fires the notifier', async () => {
    const store = new DynamoDbStore({ client: dynamo.client, tableName: dynamo.tableName });
    await invoke('dispatcher', {
      jobId: 'j-bundle-0003',
      action: 'plan',
      stack: 'aws/prod/dns',
      sha,
      requestedBy: { source: 'slack', id: 'U012ABCDEF' },
      reply: { channel: 'C0123ABC', ts: '1700000000.000300' },
    });
    const plan = readFileSync(new URL('../fixtures/plans/real-1.2-no-changes.json', import.meta.url), 'utf8');
    await new S3Artifacts({ client: s3.client, bucket: s3.bucket }).put('j-bundle-0003', 'plan.json', plan);
    builds['infrabot-plan-aws-prod-dns-4e3f4532:j-bundle-0003'] = { buildStatus: 'SUCCEEDED' };
    codebuild.requests.length = 0;

    const swept = await invoke('notifier', {
      version: '0',
      id: '89d1a02d-5ec7-412e-82f5-13505f849b41',
      'detail-type': 'Scheduled Event',
      source: 'aws.events',
      account: '123456789012',
      time: '2026-03-01T12:10:00Z',
      region: 'eu-west-1',
      resources: ['arn:aws:events:eu-west-1:123456789012:rule/infrabot-sweep'],
      detail: {},
    });

    expect(swept).toMatchObject({ handled: true, sweep: { completed: ['j-bundle-0003'] } });
    expect(codebuild.requests.map(codebuildOperation)).toEqual(['BatchGetBuilds']);
    expect(await store.getJob('j-bundle-0003')).toMatchObject({ status: 'succeeded' });
    expect(await store.getLock('aws/prod/dns', new Date())).toBeUndefined();
  });

  it('synthesize into a deployment reading the same configuration the build bundled', async () => {
    // Act
    const synth = await execFileAsync(process.execPath, ['bin/run-ts.mjs', 'terraform/main.ts'], {
      cwd: root,
      env: { ...process.env, INFRABOT_DEPLOY_INPUTS: inputs, CDKTF_OUTDIR: join(outDir, 'cdktf.out') },
    });

    // Assess
    expect(synth.stdout).toContain(`wrote ${join(outDir, 'cdktf.out', 'stacks', 'infrabot', 'cdk.tf.json')}`);
    expect(synth.stderr).not.toMatch(/no bundle|differs/);
  });

  it('answers a Slack request without a valid signature with 401 from the bot bundle', async () => {
    const response = await invoke('bot', {
      version: '2.0',
      rawPath: '/slack/events',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-signature': 'v0=bad' },
      body: 'command=%2Ftf&text=plan',
      isBase64Encoded: false,
    });

    expect(response).toMatchObject({ statusCode: 401 });
  });
});
