import { BatchGetBuildsCommand, CodeBuildClient } from '@aws-sdk/client-codebuild';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { readBuildEnds } from '../../../../adapters/aws/codebuild-build-ends';
import type { Job } from '../../../../core/jobs/job';

const codebuild = mockClient(CodeBuildClient);
const client = new CodeBuildClient({ region: 'eu-west-1' });

function running(id: string, buildId?: string): Job {
  return {
    id,
    action: 'plan',
    stack: 'aws/prod/network',
    sha: '0123456789abcdef0123456789abcdef01234567',
    requestedBy: { source: 'slack', id: 'U012ABCDEF' },
    status: 'running',
    createdAt: '2026-03-01T12:00:00.000Z',
    ...(buildId ? { build: { id: buildId } } : {}),
  };
}

beforeEach(() => codebuild.reset());

describe('readBuildEnds', () => {
  it('gives each ended build the outcome its event would give, and counts the builds still going', async () => {
    codebuild.on(BatchGetBuildsCommand).resolves({
      builds: [
        {
          id: 'infrabot-plan:1',
          arn: 'arn:aws:codebuild:eu-west-1:123456789012:build/infrabot-plan:1',
          buildStatus: 'FAILED',
          phases: [
            { phaseType: 'PROVISIONING', phaseStatus: 'SUCCEEDED', contexts: [{ statusCode: '', message: '' }] },
            {
              phaseType: 'BUILD',
              phaseStatus: 'FAILED',
              contexts: [
                {
                  statusCode: 'COMMAND_EXECUTION_ERROR',
                  message: 'Error while executing command: terraform plan. Reason: exit status 1',
                },
              ],
            },
          ],
        },
        { id: 'infrabot-plan:2', buildStatus: 'SUCCEEDED', logs: { deepLink: 'https://console.example/2' } },
        { id: 'infrabot-plan:3', buildStatus: 'IN_PROGRESS' },
      ],
      buildsNotFound: ['infrabot-plan:4'],
    });

    const ends = await readBuildEnds(client, [
      running('j-1', 'infrabot-plan:1'),
      running('j-2', 'infrabot-plan:2'),
      running('j-3', 'infrabot-plan:3'),
      running('j-4', 'infrabot-plan:4'),
      running('j-5'),
    ]);

    expect(ends).toEqual({
      ended: [
        {
          jobId: 'j-1',
          buildId: 'infrabot-plan:1',
          result: 'failed',
          logUrl: expect.stringContaining('/projects/infrabot-plan/build/infrabot-plan%3A1/log'),
          detail:
            'BUILD phase FAILED: COMMAND_EXECUTION_ERROR: Error while executing command: terraform plan. Reason: exit status 1',
        },
        { jobId: 'j-2', buildId: 'infrabot-plan:2', result: 'succeeded', logUrl: 'https://console.example/2' },
      ],
      running: ['j-3'],
      missing: ['infrabot-plan:4'],
    });
  });

  it('asks for at most 100 builds in one call, and for none when no job has a build', async () => {
    codebuild.on(BatchGetBuildsCommand).resolves({ builds: [] });
    const jobs = Array.from({ length: 130 }, (_, index) => running(`j-${index}`, `infrabot-plan:${index}`));

    await readBuildEnds(client, jobs);
    await readBuildEnds(client, [running('j-none')]);

    const calls = codebuild.commandCalls(BatchGetBuildsCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.args[0].input.ids).toHaveLength(100);
  });
});
