import { describe, expect, it } from 'vitest';
import type { Job } from '../../../../core/jobs/job';
import { SlackJobReporter } from '../../../../core/reporting/slack-job-reporter';
import { FakeDirectory, RecordingChat } from '../../../fakes/fake-ports';
import { mainSha, testConfig } from '../../../fixtures/config';

const counts = { create: 2, update: 0, delete: 1, replace: 0, import: 0, move: 0, read: 0 };

function finishedPlan(requester: string, overrides: Partial<Job> = {}): Job {
  return {
    id: 'j-plan-0001',
    action: 'plan',
    stack: 'aws/prod/network',
    sha: mainSha,
    ref: 'main',
    requestedBy: { source: 'slack', id: requester },
    reply: { channel: 'C1', ts: '1700000000.000001' },
    status: 'succeeded',
    createdAt: '2026-11-01T11:00:00.000Z',
    startedAt: '2026-11-01T11:00:05.000Z',
    finishedAt: '2026-11-01T11:01:05.000Z',
    build: { id: 'b1', logUrl: 'https://logs.example/b1' },
    summary: {
      counts,
      hasChanges: true,
      changes: [{ address: 'aws_vpc.main', action: 'delete', type: 'aws_vpc' }],
      drift: [],
      outputs: [],
    },
    ...overrides,
  };
}

function reporter() {
  const chat = new RecordingChat();
  const directory = new FakeDirectory({ sre: ['USRE'] });
  return { chat, reporter: new SlackJobReporter({ chat, config: testConfig(), directory }) };
}

describe('SlackJobReporter', () => {
  it('updates the job message with the summary, the log link and an Apply button for an applier', async () => {
    const { chat, reporter: slack } = reporter();
    const job = finishedPlan('USRE');

    await slack.jobFinished(job, { job });

    const message = JSON.stringify(chat.messages.get('C1/1700000000.000001'));
    expect(message).toContain('aws_vpc.main');
    expect(message).toContain('https://logs.example/b1');
    expect(message).toContain('"action_id":"tf_apply"');
  });

  it('leaves the Apply button out for someone who may not apply', async () => {
    const { chat, reporter: slack } = reporter();
    const job = finishedPlan('UALICE');

    await slack.jobFinished(job, { job });

    expect(JSON.stringify(chat.messages.get('C1/1700000000.000001'))).not.toContain('tf_apply');
  });

  it('puts a long plan into the thread as a file, with secrets masked', async () => {
    const { chat, reporter: slack } = reporter();
    const job = finishedPlan('UALICE');
    const planText = `${'  + resource line\n'.repeat(400)}  password = "hunter2hunter2"\n`;

    await slack.jobFinished(job, { job, planText });

    expect(chat.files).toHaveLength(1);
    expect(chat.files[0]).toMatchObject({ channel: 'C1', threadTs: '1700000000.000001' });
    expect(chat.files[0]?.content).not.toContain('hunter2');
  });

  it('keeps a short plan in the message without a file', async () => {
    const { chat, reporter: slack } = reporter();
    const job = finishedPlan('UALICE');

    await slack.jobFinished(job, { job, planText: '  + resource "aws_vpc" "main"\n' });

    expect(chat.files).toHaveLength(0);
  });

  it('shows why a job failed and the end of its log', async () => {
    const { chat, reporter: slack } = reporter();
    const { summary: _none, ...rest } = finishedPlan('UALICE');
    const job: Job = { ...rest, status: 'failed', reason: 'the build timed out' };

    await slack.jobFinished(job, { job, logTail: 'Error: waiting for state lock' });

    const message = JSON.stringify(chat.messages.get('C1/1700000000.000001'));
    expect(message).toContain('the build timed out');
    expect(message).toContain('Error: waiting for state lock');
  });

  it('does nothing for a job that has no Slack message', async () => {
    const { chat, reporter: slack } = reporter();
    const { reply: _none, ...job } = finishedPlan('UALICE');

    await slack.jobFinished(job, { job });

    expect(chat.messages.size).toBe(0);
  });

  it('says so when a stopped build left no log', async () => {
    const { chat, reporter: slack } = reporter();
    const { summary: _none, ...rest } = finishedPlan('UALICE');
    const job: Job = { ...rest, status: 'cancelled', reason: 'the build was stopped' };

    await slack.jobFinished(job, { job });

    expect(JSON.stringify(chat.messages.get('C1/1700000000.000001'))).toContain('The build left no log tail.');
  });
});
