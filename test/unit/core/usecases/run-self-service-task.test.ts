import { describe, expect, it } from 'vitest';
import { CdnSchema } from '../../../../core/config/schema';
import { runSelfServiceTask, type SelfServiceWorkerDeps } from '../../../../core/usecases/run-self-service-task';
import { FakeCdn } from '../../../fakes/fake-cdn';
import { FakeLogQueries } from '../../../fakes/fake-log-queries';
import { FakeClock, FakeDirectory, RecordingChat } from '../../../fakes/fake-ports';
import { fakeSleep } from '../../../fakes/fake-sleep';
import { MemoryStore } from '../../../fakes/memory-store';
import { distribution } from '../../../fixtures/cdn';
import { testLogsConfig } from '../../../fixtures/logs';

function world() {
  const clock = new FakeClock();
  const chat = new RecordingChat();
  const shared = {
    chat,
    audit: new MemoryStore(),
    directory: new FakeDirectory({ developers: ['UDEV'] }),
    clock,
    sleep: fakeSleep(clock),
  };
  const poll = { deadlineMs: 60_000, firstDelayMs: 1_000, maxDelayMs: 5_000 };
  const cdn = new FakeCdn([distribution({ id: 'E2QWRUHAPOMQZL' })]);
  const queries = new FakeLogQueries();
  const deps: SelfServiceWorkerDeps = {
    cdn: {
      ...shared,
      config: CdnSchema.parse({ distributions: [{ name: 'images', id: 'E2QWRUHAPOMQZL', allowed: ['@developers'] }] }),
      cdn,
      poll,
    },
    logs: { ...shared, config: testLogsConfig(), logQueries: queries, poll },
  };
  return { deps, chat, cdn, queries };
}

const common = { userId: 'UDEV', channel: 'C0123ABC', triggerId: '1.2.abc' };

describe('runSelfServiceTask', () => {
  it('replies through the response_url when the task has one', async () => {
    const { deps, chat } = world();
    const sent: Array<{ url: string; text: string }> = [];
    const replies = {
      replyEphemeral: async (url: string, message: { text: string }) => void sent.push({ url, text: message.text }),
    };
    const responseUrl = 'https://hooks.slack.com/commands/T1/2/abc';

    await runSelfServiceTask(
      { kind: 'cdn.invalidate', ...common, userId: 'UOTHER', responseUrl, target: 'images', paths: ['/a.png'] },
      { ...deps, replies },
    );

    expect(sent).toEqual([{ url: responseUrl, text: 'you may not invalidate images; it is open to @developers' }]);
    expect(chat.ephemerals).toEqual([]);
  });

  it('runs an invalidation and reports it in the channel', async () => {
    const { deps, chat, cdn } = world();

    await runSelfServiceTask({ kind: 'cdn.invalidate', ...common, target: 'images', paths: ['/a.png'] }, deps);

    expect(cdn.created).toHaveLength(1);
    expect([...chat.messages.values()][0]?.text).toContain('Completed');
    expect(chat.ephemerals).toEqual([]);
  });

  it('tells the user alone why an invalidation is refused, with the usage for input mistakes', async () => {
    const { deps, chat } = world();

    await runSelfServiceTask({ kind: 'cdn.invalidate', ...common, target: 'nowhere', paths: ['/a.png'] }, deps);
    await runSelfServiceTask(
      { kind: 'cdn.invalidate', ...common, userId: 'UOTHER', target: 'images', paths: ['/a.png'] },
      deps,
    );

    expect(chat.ephemerals.map((message) => [message.user, message.text.split('\n')[0]])).toEqual([
      ['UDEV', 'no distribution is named or serves "nowhere"; try `/cdn which nowhere` or one of: images'],
      ['UOTHER', 'you may not invalidate images; it is open to @developers'],
    ]);
    expect(chat.ephemerals[0]?.text).toContain('/cdn which <bucket|domain|distribution-id>');
    expect(chat.ephemerals[1]?.text).not.toContain('/cdn which');
  });

  it('tells the user a short notice about an unexpected failure and throws it for the log', async () => {
    const { deps, chat, cdn } = world();
    cdn.listDistributions = async () => {
      throw new Error('listing cloudfront distributions: AccessDenied');
    };

    const running = runSelfServiceTask(
      { kind: 'cdn.invalidate', ...common, target: 'cdn.example.com', paths: ['/a'] },
      deps,
    );

    await expect(running).rejects.toThrow('AccessDenied');
    expect(chat.ephemerals.map((message) => message.text)).toEqual([
      "Something went wrong while running cdn.invalidate. The SRE team can find it in the worker's log at 2026-11-01T12:00:00.000Z.",
    ]);
  });

  it('runs a log preset and tells the user alone when it is refused', async () => {
    const { deps, chat, queries } = world();

    await runSelfServiceTask({ kind: 'logs.run', ...common, preset: 'rails-errors', words: [] }, deps);
    await runSelfServiceTask({ kind: 'logs.run', ...common, preset: 'rails-errors', words: ['--since', '9d'] }, deps);

    expect(queries.started).toHaveLength(1);
    expect(chat.ephemerals.map((message) => message.text)).toEqual([
      expect.stringContaining('will be in your direct messages'),
      expect.stringMatching(/longer than the 7d[\s\S]*\/logs <preset>/),
    ]);
  });
});
