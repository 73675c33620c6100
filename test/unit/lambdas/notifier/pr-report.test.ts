import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbStore } from '../../../../adapters/aws/dynamodb-store';
import { S3Artifacts } from '../../../../adapters/aws/s3-artifacts';
import type { Job } from '../../../../core/jobs/job';
import { createNotifierHandler } from '../../../../lambdas/notifier/notify-handler';
import { notifierDeps } from '../../../../lambdas/notifier/wiring';
import { createObservability } from '../../../../lambdas/shared/observability';
import { FakeGitHubApi } from '../../../fakes/fake-github-api';
import { type LocalDynamo, startDynalite } from '../../../support/dynalite';
import { startFakeSlackApi } from '../../../support/fake-slack-api';
import { notifierEnv } from '../../../support/notifier-env';
import type { RecordingServer } from '../../../support/recording-server';
import { type LocalS3, startS3rver } from '../../../support/s3rver';

const sha = 'abcdef0123456789abcdef0123456789abcdef01';
const pr = 12;
const stacks = ['aws/prod/network', 'aws/prod/dns', 'google/prod/project'];
const fixture = (name: string): string => readFileSync(new URL(`../../../fixtures/${name}`, import.meta.url), 'utf8');
let dynamo: LocalDynamo;
let s3: LocalS3;
let slack: RecordingServer;
const github = new FakeGitHubApi();
let env: Record<string, string | undefined>;

beforeAll(async () => {
  [dynamo, s3, slack] = await Promise.all([startDynalite(), startS3rver(), startFakeSlackApi()]);
  env = {
    ...process.env,
    ...(await notifierEnv({ dynamo, s3, slack })),
    GITHUB_TOKEN: 'ghp_test',
    GITHUB_API_URL: await github.start(),
  };
  // The SDK clients read their endpoints from the process environment.
  Object.assign(process.env, env);
});
afterAll(async () => Promise.all([dynamo.close(), s3.close(), slack.close(), github.stop()]));

/** A running plan of the PR holding its stack's lock, with the plan its build left, as the dispatcher leaves it. */
async function runningPlan(store: DynamoDbStore, artifacts: S3Artifacts, id: string, stack: string): Promise<Job> {
  const job: Job = {
    id,
    action: 'plan',
    stack,
    sha,
    pr,
    requestedBy: { source: 'github', id: 'alice' },
    status: 'queued',
    createdAt: new Date().toISOString(),
  };
  await store.createJob(job);
  await store.transitionJob(id, 'running', { startedAt: new Date(Date.now() - 90_000).toISOString() });
  await store.acquireLock(
    { stack, owner: { kind: 'pr', pr }, jobId: id, heldBy: 'alice', ttlMs: 3_600_000 },
    new Date(),
  );
  await artifacts.put(id, 'plan.json', fixture('plans/real-1.2-mixed.json'));
  await artifacts.put(id, 'plan.txt', fixture('plans/real-1.2-mixed.txt'));
  return job;
}

/** The CodeBuild event of a succeeded build of `jobId`. */
function succeeded(jobId: string): unknown {
  return JSON.parse(
    fixture('codebuild/succeeded.json').replaceAll('j-lx2k3-ab12', jobId).replaceAll('8745a7a9', jobId),
  );
}

describe('notifier Lambda reporting to GitHub', () => {
  it('posts one overview and one comment per stack when three plans of a PR end together in three notifiers', async () => {
    // Prepare: three running plans of one PR, and three notifier instances (Lambda runs each event in its own)
    const store = new DynamoDbStore({ client: dynamo.client, tableName: dynamo.tableName });
    const artifacts = new S3Artifacts({ client: s3.client, bucket: s3.bucket });
    const jobs = await Promise.all(stacks.map((stack, i) => runningPlan(store, artifacts, `j-prrep-000${i}`, stack)));
    const notifiers = jobs.map((_, i) => {
      const observability = createObservability(`infrabot-notifier-${i}`);
      return createNotifierHandler(() => notifierDeps(env, observability.logger), observability);
    });

    // Act: the three builds' events arrive at once
    const results = await Promise.all(jobs.map((job, i) => notifiers[i]?.(succeeded(job.id))));

    // Assess: every plan recorded; the PR holds one comment per marker: three stack comments and one overview
    expect(results.map((result) => result?.handled)).toEqual([true, true, true]);
    const bodies = (github.comments.get(pr) ?? []).map((comment) => comment.body);
    const markers = bodies.map((body) => body.split('\n')[0]);
    expect(markers.filter((marker) => marker === '<!-- infrabot:overview -->')).toHaveLength(1);
    for (const stack of stacks) {
      expect(markers.filter((marker) => marker === `<!-- infrabot:stack=${stack} -->`)).toHaveLength(1);
    }
    expect(new Set(markers).size).toBe(markers.length);
    const overview = bodies.find((body) => body.startsWith('<!-- infrabot:overview -->')) ?? '';
    for (const stack of stacks) expect(overview).toContain(stack);
    const lastState = new Map(github.statuses.map((status) => [String(status.context), status.state]));
    expect([...lastState.values()]).toEqual(['success', 'success', 'success']);
  }, 60_000);
});
