import { describe, expect, it } from 'vitest';
import { CdnSchema } from '../../../../core/config/schema';
import type { SelfServiceWorkerDeps } from '../../../../core/usecases/run-self-service-task';
import { selfServiceWorkerHandler } from '../../../../lambdas/selfservice-worker/handle-task';
import { FakeCdn } from '../../../fakes/fake-cdn';
import { FakeLogQueries } from '../../../fakes/fake-log-queries';
import { FakeClock, FakeDirectory, RecordingChat } from '../../../fakes/fake-ports';
import { fakeSleep } from '../../../fakes/fake-sleep';
import { MemoryStore } from '../../../fakes/memory-store';
import { distribution } from '../../../fixtures/cdn';
import { testLogsConfig } from '../../../fixtures/logs';

function worker() {
  const clock = new FakeClock();
  const chat = new RecordingChat();
  const shared = { chat, audit: new MemoryStore(), directory: new FakeDirectory({ sre: ['USRE'] }), clock };
  const poll = { deadlineMs: 30_000, firstDelayMs: 1_000, maxDelayMs: 5_000 };
  const cdn = new FakeCdn([distribution({ id: 'E2QWRUHAPOMQZL' })]);
  const deps: SelfServiceWorkerDeps = {
    cdn: {
      ...shared,
      sleep: fakeSleep(clock),
      config: CdnSchema.parse({ distributions: [{ name: 'images', id: 'E2QWRUHAPOMQZL', allowed: ['@sre'] }] }),
      cdn,
      poll,
    },
    logs: { ...shared, sleep: fakeSleep(clock), config: testLogsConfig(), logQueries: new FakeLogQueries(), poll },
  };
  return { deps, cdn, chat };
}

describe('selfServiceWorkerHandler', () => {
  it('runs a task from the invoke event, building its dependencies once', async () => {
    const { deps, cdn } = worker();
    let builds = 0;
    const handler = selfServiceWorkerHandler(async () => {
      builds += 1;
      return deps;
    });
    const event = { kind: 'cdn.invalidate', userId: 'USRE', channel: 'C0123ABC', triggerId: 't', target: 'images' };

    const first = await handler({ ...event, paths: ['/a.png'] });
    await handler({ ...event, triggerId: 't2', paths: ['/b.png'] });

    expect(first).toEqual({ ok: true });
    expect(cdn.created.map((call) => call.paths)).toEqual([['/a.png'], ['/b.png']]);
    expect(builds).toBe(1);
  });

  it('reports a malformed event without running anything', async () => {
    const { deps, chat } = worker();
    const handler = selfServiceWorkerHandler(async () => deps);

    const result = await handler({ kind: 'cdn.invalidate', userId: 'u', channel: 'C0123ABC', triggerId: 't' });

    expect(result).toMatchObject({ ok: false, reason: 'invalid_task' });
    if (!result.ok) expect(result.message).toContain('userId: expected a Slack ID');
    expect(chat.messages.size).toBe(0);
  });
});
