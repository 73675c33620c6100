import { describe, expect, it } from 'vitest';
import { CdnSchema } from '../../../../core/config/schema';
import type { CdnDeps } from '../../../../core/usecases/cdn-deps';
import { type InvalidateRequest, invalidateCdn } from '../../../../core/usecases/invalidate-cdn';
import { FakeCdn } from '../../../fakes/fake-cdn';
import { FakeClock, FakeDirectory, RecordingChat } from '../../../fakes/fake-ports';
import { fakeSleep } from '../../../fakes/fake-sleep';
import { MemoryStore } from '../../../fakes/memory-store';
import { distribution } from '../../../fixtures/cdn';

function world() {
  const config = CdnSchema.parse({
    maxPaths: 5,
    maxWildcards: 1,
    distributions: [
      { name: 'images', id: 'E2QWRUHAPOMQZL', allowed: ['@developers'] },
      { name: 'site', id: 'E3SITE0000001', allowed: ['UOWNER'] },
    ],
  });
  const cdn = new FakeCdn([
    distribution({ id: 'E2QWRUHAPOMQZL', aliases: ['images.example.com'], originDomains: ['img.s3.amazonaws.com'] }),
    distribution({ id: 'E3SITE0000001', originDomains: ['shared.s3.amazonaws.com'] }),
    distribution({ id: 'E4OTHER000001', aliases: ['other.example.com'], originDomains: ['shared.s3.amazonaws.com'] }),
  ]);
  const clock = new FakeClock();
  const sleep = fakeSleep(clock);
  const chat = new RecordingChat();
  const store = new MemoryStore();
  const deps: CdnDeps = {
    config,
    cdn,
    chat,
    audit: store,
    directory: new FakeDirectory({ developers: ['UDEV'] }),
    clock,
    sleep,
    poll: { deadlineMs: 120_000, firstDelayMs: 5_000, maxDelayMs: 30_000 },
  };
  return { deps, cdn, chat, store, sleep };
}

function request(fields: Partial<InvalidateRequest> = {}): InvalidateRequest {
  return {
    requester: { source: 'slack', id: 'UDEV' },
    channel: 'CDEV',
    target: 'images',
    paths: ['/logo.png', '/css/*'],
    triggerId: '1234.5678.abcd',
    ...fields,
  };
}

describe('invalidateCdn', () => {
  it('creates the invalidation, posts who invalidated what, and updates it to completed', async () => {
    const { deps, cdn, chat, store, sleep } = world();

    const outcome = await invalidateCdn(request(), deps);

    expect(outcome).toEqual({ ok: true, invalidationId: 'I1', completed: true });
    expect(cdn.created).toEqual([
      {
        distributionId: 'E2QWRUHAPOMQZL',
        paths: ['/logo.png', '/css/*'],
        callerReference: expect.stringMatching(/^infrabot-/),
      },
    ]);
    const [message] = [...chat.messages.values()];
    expect(message?.text).toContain('<@UDEV> invalidated 2 paths on *images* `E2QWRUHAPOMQZL`: `/logo.png` `/css/*`');
    expect(message?.text).toContain('Completed in 15s');
    expect(sleep.waits).toEqual([5_000, 10_000]);
    expect(store.audit.map((entry) => [entry.action, entry.target, entry.outcome])).toEqual([
      ['cdn.invalidate', 'images', 'accepted'],
      ['cdn.invalidate', 'images', 'succeeded'],
    ]);
  });

  it('sends the same caller reference when the same command is retried', async () => {
    const { deps, cdn } = world();

    await invalidateCdn(request(), deps);
    const again = await invalidateCdn(request(), deps);

    expect(again).toMatchObject({ ok: true, invalidationId: 'I1' });
    expect(cdn.created[0]?.callerReference).toBe(cdn.created[1]?.callerReference);
  });

  it('resolves an alias or a bucket by listing distributions', async () => {
    const { deps, cdn } = world();

    await invalidateCdn(request({ target: 'images.example.com' }), deps);
    await invalidateCdn(request({ target: 'img', triggerId: 'other' }), deps);

    expect(cdn.listCalls).toBe(2);
    expect(cdn.created.map((call) => call.distributionId)).toEqual(['E2QWRUHAPOMQZL', 'E2QWRUHAPOMQZL']);
  });

  it('refuses bad paths before any AWS call', async () => {
    const { deps, cdn, chat } = world();

    const outcomes = [
      await invalidateCdn(request({ target: 'img', paths: ['/a/../b'] }), deps),
      await invalidateCdn(request({ paths: ['/a', '/b', '/c', '/d', '/e', '/f'] }), deps),
      await invalidateCdn(request({ paths: ['/a/*', '/b/*'] }), deps),
      await invalidateCdn(request({ paths: [] }), deps),
    ];

    expect(outcomes.map((outcome) => !outcome.ok && outcome.reason)).toEqual([
      'invalid_path',
      'too_many_paths',
      'too_many_wildcards',
      'no_paths',
    ]);
    expect(cdn.listCalls + cdn.created.length).toBe(0);
    expect(chat.messages.size).toBe(0);
  });

  it('refuses a user who is not allowed on the distribution, and audits it', async () => {
    const { deps, cdn, store } = world();

    const outcome = await invalidateCdn(request({ target: 'site' }), deps);

    expect(outcome).toMatchObject({ ok: false, reason: 'not_authorized' });
    if (!outcome.ok) expect(outcome.message).toBe('you may not invalidate site; it is open to UOWNER');
    expect(cdn.created).toHaveLength(0);
    expect(store.audit[0]).toMatchObject({ action: 'cdn.invalidate', target: 'site', outcome: 'refused' });
  });

  it('refuses unlisted and ambiguous targets', async () => {
    const { deps, cdn } = world();

    const unlisted = await invalidateCdn(request({ target: 'other.example.com' }), deps);
    const ambiguous = await invalidateCdn(request({ target: 'shared' }), deps);

    expect(unlisted).toMatchObject({ ok: false, reason: 'not_listed' });
    expect(ambiguous).toMatchObject({ ok: false, reason: 'ambiguous_target' });
    expect(cdn.created).toHaveLength(0);
  });

  it('refuses when CloudFront is not configured', async () => {
    const { deps } = world();

    const outcome = await invalidateCdn(request(), { ...deps, config: undefined });

    expect(outcome).toMatchObject({ ok: false, reason: 'not_configured' });
  });

  it('retries a throttled create with the same reference, then goes ahead', async () => {
    const { deps, cdn, sleep } = world();
    cdn.createRefusals = [{ ok: false, reason: 'throttled', message: 'CloudFront is throttling requests' }];

    const outcome = await invalidateCdn(request(), deps);

    expect(outcome).toMatchObject({ ok: true });
    expect(cdn.created).toHaveLength(2);
    expect(new Set(cdn.created.map((call) => call.callerReference)).size).toBe(1);
    expect(sleep.waits[0]).toBe(5_000);
  });

  it('does not retry when too many invalidations are in progress, and says so', async () => {
    const { deps, cdn, chat, store } = world();
    const busy = { ok: false as const, reason: 'too_many_in_progress' as const, message: 'try again in a few minutes' };
    cdn.createRefusals = [busy];

    const outcome = await invalidateCdn(request(), deps);

    expect(outcome).toEqual(busy);
    expect(cdn.created).toHaveLength(1);
    expect(chat.messages.size).toBe(0);
    expect(store.audit[0]).toMatchObject({ outcome: 'failed', detail: 'try again in a few minutes' });
  });

  it('leaves the message at "still in progress" when the poll deadline passes', async () => {
    const { deps, cdn, chat, store, sleep } = world();
    cdn.completeAfterReads = 1_000;

    const outcome = await invalidateCdn(request(), deps);

    expect(outcome).toEqual({ ok: true, invalidationId: 'I1', completed: false });
    expect([...chat.messages.values()][0]?.text).toContain('Still in progress after 2m');
    expect(sleep.waits.reduce((sum, ms) => sum + ms, 0)).toBe(120_000);
    expect(store.audit.map((entry) => entry.outcome)).toEqual(['accepted']);
  });

  it('says the status is unknown when it cannot be read, and throws the error', async () => {
    const { deps, cdn, chat } = world();
    cdn.getErrors = [new Error('denied'), new Error('denied'), new Error('denied')];

    await expect(invalidateCdn(request(), deps)).rejects.toThrow('denied');

    expect([...chat.messages.values()][0]?.text).toContain('status could not be read');
  });
});
