import { afterEach, describe, expect, it, vi } from 'vitest';
import { startSelfServiceBot } from '../support/self-service-harness';
import type { RecordedCall } from '../support/slack-api-recorder';

type Bot = Awaited<ReturnType<typeof startSelfServiceBot>>;
let bot: Bot | undefined;

afterEach(async () => {
  await bot?.stop();
  bot = undefined;
});

const replies = (calls: RecordedCall[]) => calls.filter((call) => call.method === 'response_url');
const texts = (calls: RecordedCall[]) => calls.map((call) => String(call.body.text));

describe('/cdn and /logs over HTTP', () => {
  it('invalidates, posts who invalidated what, and updates it to completed', async () => {
    bot = await startSelfServiceBot();

    const response = await bot.command('/cdn', 'invalidate images /logo.png //logo.png', {
      user_id: 'UDEV',
      trigger_id: 'T-1',
    });
    await bot.recorder.waitFor((calls) => calls.some((call) => call.method === 'chat.update'));
    await bot.dispatcher.idle();

    expect(response.status).toBe(200);
    expect(bot.cdn.created).toEqual([
      { distributionId: 'E2QWRUHAPOMQZL', paths: ['/logo.png'], callerReference: expect.stringMatching(/^infrabot-/) },
    ]);
    expect(texts(bot.recorder.of('chat.postMessage'))[0]).toContain('<@UDEV> invalidated 1 path on *images*');
    expect(texts(bot.recorder.of('chat.update'))[0]).toContain('Completed');
    expect(bot.store.audit.map((entry) => entry.outcome)).toEqual(['accepted', 'succeeded']);
  });

  it('answers bad paths at once, ephemerally, without calling CloudFront', async () => {
    bot = await startSelfServiceBot();

    await bot.command('/cdn', 'invalidate images /a/../b', { user_id: 'UDEV' });
    await bot.recorder.waitFor((calls) => replies(calls).length > 0);

    expect(replies(bot.recorder.calls)[0]?.body.response_type).toBe('ephemeral');
    expect(texts(replies(bot.recorder.calls))[0]).toContain('".." segments are not allowed');
    expect(bot.cdn.listCalls + bot.cdn.created.length).toBe(0);
  });

  it.each([
    ['frobnicate', 'unknown command "frobnicate"'],
    ['invalidate images', 'name a distribution (or domain, or bucket) and at least one path'],
    ['which', 'name one bucket, domain or distribution id'],
    ['invalidate images /a?b=1', 'query strings are not allowed'],
  ])('answers "/cdn %s" with the usage', async (text, problem) => {
    bot = await startSelfServiceBot();

    await bot.command('/cdn', text, { user_id: 'UDEV' });
    await bot.recorder.waitFor((calls) => replies(calls).length > 0);

    const reply = texts(replies(bot.recorder.calls))[0];
    expect(reply).toContain(problem);
    expect(reply).toContain('/cdn invalidate <name|distribution-id|domain|bucket>');
    await vi.waitFor(() => expect(bot?.store.audit[0]).toMatchObject({ outcome: 'refused' }));
  });

  it('tells a user who may not invalidate, and only them, through the response_url', async () => {
    bot = await startSelfServiceBot();

    await bot.command('/cdn', 'invalidate images /logo.png', { user_id: 'UOTHER' });
    await bot.dispatcher.idle();

    const reply = replies(bot.recorder.calls)[0];
    expect(reply?.body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(String(reply?.body.text)).toBe('you may not invalidate images; it is open to @developers');
    expect(bot.recorder.of('chat.postMessage')).toHaveLength(0);
    expect(bot.cdn.created).toHaveLength(0);
  });

  it('answers /cdn which with the serving distributions', async () => {
    bot = await startSelfServiceBot();

    await bot.command('/cdn', 'which images');
    await bot.recorder.waitFor((calls) => replies(calls).length > 0);

    expect(texts(replies(bot.recorder.calls))[0]).toContain('*images* `E2QWRUHAPOMQZL`');
  });

  it('lists the presets for /logs', async () => {
    bot = await startSelfServiceBot();

    await bot.command('/logs', '');
    await bot.recorder.waitFor((calls) => replies(calls).length > 0);

    expect(texts(replies(bot.recorder.calls))[0]).toContain('*rails-errors*: Rails errors, newest first.');
  });

  it('runs a preset and puts the table and the CSV in the thread', async () => {
    bot = await startSelfServiceBot();
    bot.logQueries.rows = [['2026-11-21 11:00', '/checkout', 'boom']];

    await bot.command('/logs', 'rails-errors path=/checkout --since 2h', { user_id: 'UDEV' });
    await bot.recorder.waitFor((calls) => calls.some((call) => call.method === 'files.completeUploadExternal'));
    await bot.dispatcher.idle();

    expect(bot.logQueries.started[0]?.parameters[2]).toBe("'/checkout'");
    const headTs = bot.recorder.of('chat.update')[0]?.body.ts;
    const [, table] = bot.recorder.of('chat.postMessage');
    expect(headTs).toEqual(expect.any(String));
    expect(table?.body.thread_ts).toBe(headTs);
    expect(String(table?.body.text)).toContain('boom');
    expect(bot.recorder.of('files.completeUploadExternal')[0]?.body).toMatchObject({ thread_ts: headTs });
  });

  it('answers a bad parameter at once with the usage', async () => {
    bot = await startSelfServiceBot();

    await bot.command('/logs', 'rails-errors path="a b"', { user_id: 'UDEV' });
    await bot.recorder.waitFor((calls) => replies(calls).length > 0);

    expect(texts(replies(bot.recorder.calls))[0]).toContain('path=a b: expected a value matching');
    expect(bot.logQueries.started).toHaveLength(0);
  });

  it('points to /cdn and /logs from /tf help', async () => {
    bot = await startSelfServiceBot();

    await bot.command('/tf', 'help');
    await bot.recorder.waitFor((calls) => replies(calls).length > 0);

    const help = JSON.stringify(replies(bot.recorder.calls)[0]?.body.blocks);
    expect(help).toContain('/cdn help');
    expect(help).toContain('/logs');
  });
});
