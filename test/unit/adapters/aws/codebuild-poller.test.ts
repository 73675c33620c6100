import { BatchGetBuildsCommand, CodeBuildClient } from '@aws-sdk/client-codebuild';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { CodeBuildPoller } from '../../../../adapters/aws/codebuild-poller';
import type { Job } from '../../../../core/jobs/job';
import type { BuildOutcome } from '../../../../core/ports';
import { MemoryStore } from '../../../fakes/memory-store';

const codebuild = mockClient(CodeBuildClient);
const sha = '0123456789abcdef0123456789abcdef01234567';

function job(id: string, status: Job['status'], buildId?: string): Job {
  return {
    id,
    action: 'plan',
    stack: 'aws/prod/network',
    sha,
    requestedBy: { source: 'slack', id: 'U012ABCDEF' },
    status,
    createdAt: '2026-03-01T12:00:00.000Z',
    ...(buildId ? { build: { id: buildId } } : {}),
  };
}

beforeEach(() => codebuild.reset());

describe('CodeBuildPoller', () => {
  it('reports each finished build of a running job once asked, with its failed phase and log link', async () => {
    const store = new MemoryStore();
    await store.createJob(job('j-poll-1', 'running', 'infrabot-plan:1'));
    await store.createJob(job('j-poll-2', 'running', 'infrabot-plan:2'));
    await store.createJob(job('j-poll-3', 'succeeded', 'infrabot-plan:3'));
    await store.createJob(job('j-poll-4', 'running'));
    codebuild.on(BatchGetBuildsCommand).resolves({
      builds: [
        { id: 'infrabot-plan:1', buildStatus: 'IN_PROGRESS' },
        {
          id: 'infrabot-plan:2',
          buildStatus: 'FAILED',
          logs: { deepLink: 'https://console.example/log/2' },
          phases: [
            { phaseType: 'INSTALL', phaseStatus: 'SUCCEEDED' },
            {
              phaseType: 'BUILD',
              phaseStatus: 'FAILED',
              contexts: [{ message: 'COMMAND_EXECUTION_ERROR: exit status 1' }],
            },
          ],
        },
      ],
    });
    const reported: BuildOutcome[] = [];
    const poller = new CodeBuildPoller({
      client: new CodeBuildClient({ region: 'eu-west-1' }),
      jobs: store,
      onFinished: async (outcome) => {
        reported.push(outcome);
      },
    });

    const finished = await poller.pollOnce();

    expect(codebuild.commandCalls(BatchGetBuildsCommand)[0]?.args[0].input?.ids?.toSorted()).toEqual([
      'infrabot-plan:1',
      'infrabot-plan:2',
    ]);
    expect(finished).toBe(1);
    expect(reported).toEqual([
      {
        jobId: 'j-poll-2',
        buildId: 'infrabot-plan:2',
        result: 'failed',
        logUrl: 'https://console.example/log/2',
        detail: 'BUILD phase FAILED: COMMAND_EXECUTION_ERROR: exit status 1',
      },
    ]);
  });

  it('asks CodeBuild nothing when no job is running', async () => {
    const poller = new CodeBuildPoller({
      client: new CodeBuildClient({ region: 'eu-west-1' }),
      jobs: new MemoryStore(),
      onFinished: async () => {},
    });

    expect(await poller.pollOnce()).toBe(0);
    expect(codebuild.calls()).toHaveLength(0);
  });
});
