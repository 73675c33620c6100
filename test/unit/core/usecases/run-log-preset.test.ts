import { describe, expect, it } from 'vitest';
import type { LogsDeps } from '../../../../core/usecases/logs-deps';
import { type LogsRequest, runLogPreset } from '../../../../core/usecases/run-log-preset';
import { FakeLogQueries } from '../../../fakes/fake-log-queries';
import { FakeClock, FakeDirectory, RecordingChat } from '../../../fakes/fake-ports';
import { fakeSleep } from '../../../fakes/fake-sleep';
import { MemoryStore } from '../../../fakes/memory-store';
import { testLogsConfig } from '../../../fixtures/logs';

function world() {
  const queries = new FakeLogQueries();
  const clock = new FakeClock(new Date('2026-11-21T12:00:00Z'));
  const sleep = fakeSleep(clock);
  const chat = new RecordingChat();
  const store = new MemoryStore();
  const deps: LogsDeps = {
    config: testLogsConfig(),
    logQueries: queries,
    chat,
    audit: store,
    directory: new FakeDirectory({ developers: ['UDEV'] }),
    clock,
    sleep,
    poll: { deadlineMs: 60_000, firstDelayMs: 1_000, maxDelayMs: 10_000 },
  };
  return { deps, queries, chat, store, sleep };
}

function request(fields: Partial<LogsRequest> = {}): LogsRequest {
  return {
    requester: { source: 'slack', id: 'UDEV' },
    channel: 'CDEV',
    preset: 'rails-errors',
    words: ['path=/checkout%'],
    triggerId: '1234.5678.abcd',
    ...fields,
  };
}

function rows(count: number) {
  return Array.from({ length: count }, (_, index) => [
    `2026-11-21 11:${String(index % 60).padStart(2, '0')}`,
    '/checkout',
    `error ${index}`,
  ]);
}

describe('runLogPreset', () => {
  it("runs the query with literal parameters in the workgroup and reports in a thread of the requester's DM", async () => {
    const { deps, queries, chat, store } = world();
    queries.rows = rows(3);

    const outcome = await runLogPreset(request(), deps);

    expect(outcome).toEqual({ ok: true, queryId: 'q-1', state: 'succeeded', rows: 3 });
    expect(queries.started).toEqual([
      {
        sql: expect.stringContaining('FROM rails_logs'),
        parameters: ["'2026-11-21 11:00:00'", "'2026-11-21 12:00:00'", "'/checkout%'"],
        workgroup: 'infrabot',
        database: 'logs',
        clientRequestToken: expect.stringMatching(/^infrabot-logs-[0-9a-f]{40}$/),
      },
    ]);
    const [head, table] = [...chat.messages.values()];
    expect(head?.text).toContain(
      '<@UDEV> ran *rails-errors* `path=/checkout%`, `2026-11-21 11:00` to `2026-11-21 12:00` UTC',
    );
    expect(head?.text).toContain('3 rows, 1.5 MB scanned, took 3s');
    expect(table).toMatchObject({ threadTs: '1700000000.000001' });
    expect(table?.text).toContain('error 2');
    expect(chat.files).toEqual([
      expect.objectContaining({
        channel: 'DDEV',
        threadTs: '1700000000.000001',
        filename: 'rails-errors-2026-11-21T1100.csv',
      }),
    ]);
    expect(chat.files[0]?.content.split('\r\n')[0]).toBe('time,path,message');
    expect(store.audit[0]?.detail).toBe(
      'query q-1: path=/checkout% 2026-11-21T11:00:00.000Z to 2026-11-21T12:00:00.000Z',
    );
    expect(store.audit.map((entry) => [entry.action, entry.target, entry.outcome])).toEqual([
      ['logs.run', 'rails-errors', 'accepted'],
      ['logs.run', 'rails-errors', 'succeeded'],
    ]);
  });

  it('pages through the whole result up to the row cap and says it stopped', async () => {
    const { deps, queries, chat } = world();
    queries.rows = rows(3_200);

    const outcome = await runLogPreset(request(), deps);

    expect(outcome).toMatchObject({ ok: true, rows: 2_500 });
    expect(queries.pageRequests).toEqual([undefined, '1000', '2000']);
    expect(chat.files[0]?.content.trimEnd().split('\r\n')).toHaveLength(2_501);
    expect([...chat.messages.values()][0]?.text).toContain('2500 rows (stopped reading at the cap of 2500)');
  });

  it('says the query found nothing without uploading a file', async () => {
    const { deps, chat } = world();

    await runLogPreset(request(), deps);

    expect([...chat.messages.values()][1]?.text).toBe('No rows matched.');
    expect(chat.files).toHaveLength(0);
  });

  it("reports a failed query with Athena's reason", async () => {
    const { deps, queries, chat, store } = world();
    queries.final = { state: 'failed', reason: 'TABLE_NOT_FOUND: line 1:15: Table rails_logs does not exist' };

    const outcome = await runLogPreset(request(), deps);

    expect(outcome).toMatchObject({ ok: true, state: 'failed' });
    expect([...chat.messages.values()][0]?.text).toContain('The query failed: TABLE_NOT_FOUND');
    expect(chat.messages.size).toBe(1);
    expect(store.audit.at(-1)).toMatchObject({ outcome: 'failed' });
  });

  it('reports a cancelled query', async () => {
    const { deps, queries, chat } = world();
    queries.final = { state: 'cancelled', reason: 'Query exhausted the bytes scanned limit' };

    const outcome = await runLogPreset(request(), deps);

    expect(outcome).toMatchObject({ state: 'cancelled' });
    expect([...chat.messages.values()][0]?.text).toContain('cancelled: Query exhausted the bytes scanned limit');
  });

  it('says the status could not be read when Athena keeps failing, and throws the error', async () => {
    const { deps, queries, chat } = world();
    queries.status = async () => {
      throw new Error('reading athena query q-1: AccessDeniedException');
    };

    await expect(runLogPreset(request(), deps)).rejects.toThrow('AccessDeniedException');

    expect([...chat.messages.values()][0]?.text).toContain(
      'The query failed: its status could not be read from Athena',
    );
  });

  it('stops a query that passes the deadline', async () => {
    const { deps, queries, chat, sleep } = world();
    queries.runningReads = 1_000;

    const outcome = await runLogPreset(request(), deps);

    expect(outcome).toMatchObject({ ok: true, state: 'timed_out' });
    expect(queries.stopped).toEqual(['q-1']);
    expect(sleep.waits.reduce((sum, ms) => sum + ms, 0)).toBe(60_000);
    expect([...chat.messages.values()][0]?.text).toContain('did not finish within 1m and was stopped');
  });

  it('refuses a user the preset is not open to, before starting anything', async () => {
    const { deps, queries, store } = world();

    const outcome = await runLogPreset(request({ preset: 'slow-requests', words: ['seconds=1'] }), deps);

    expect(outcome).toMatchObject({ ok: false, reason: 'not_authorized' });
    expect(queries.started).toHaveLength(0);
    expect(store.audit[0]).toMatchObject({ target: 'slow-requests', outcome: 'refused' });
  });

  it.each([
    [{ preset: 'nope' }, 'unknown_preset'],
    [{ words: ['path=/a b'] }, 'invalid_parameter'],
    [{ words: ['level=x'] }, 'invalid_parameter'],
    [{ words: ['--since', '30d'] }, 'invalid_range'],
    [{ words: ['--since'] }, 'invalid_arguments'],
  ])('refuses bad input %j without starting a query', async (fields, reason) => {
    const { deps, queries, chat } = world();

    const outcome = await runLogPreset(request(fields), deps);

    expect(outcome).toMatchObject({ ok: false, reason });
    expect(queries.started).toHaveLength(0);
    expect(chat.messages.size).toBe(0);
  });

  it('returns a query Athena refuses to start', async () => {
    const { deps, queries } = world();
    queries.startRefusal = {
      ok: false,
      reason: 'rejected',
      message: 'Athena refused the query: workgroup is disabled',
    };

    const outcome = await runLogPreset(request(), deps);

    expect(outcome).toEqual(queries.startRefusal);
  });
});
