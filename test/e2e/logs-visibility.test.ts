import { afterEach, describe, expect, it } from 'vitest';
import { startSelfServiceBot } from '../support/self-service-harness';

type Bot = Awaited<ReturnType<typeof startSelfServiceBot>>;
let bot: Bot | undefined;

afterEach(async () => {
  await bot?.stop();
  bot = undefined;
});

/** The channel the command is sent from (the signed body's channel_id). */
const channel = 'C0123ABC';

/** Runs the preset as UDEV and waits until its CSV was uploaded and the worker is done. */
async function runPreset(current: Bot): Promise<void> {
  await current.command('/logs', 'rails-errors --since 2h', { user_id: 'UDEV' });
  await current.recorder.waitFor((calls) => calls.some((call) => call.method === 'files.completeUploadExternal'));
  await current.dispatcher.idle();
}

/** Every conversation the bot posted into or uploaded to. */
function destinations(current: Bot): string[] {
  const posted = current.recorder.of('chat.postMessage').map((call) => String(call.body.channel));
  const updated = current.recorder.of('chat.update').map((call) => String(call.body.channel));
  const uploaded = current.recorder.of('files.completeUploadExternal').map((call) => String(call.body.channel_id));
  return [...new Set([...posted, ...updated, ...uploaded])];
}

describe('where /logs results go', () => {
  it('posts the results and the CSV only in a DM to whoever ran the preset, never in the channel', async () => {
    // Prepare
    bot = await startSelfServiceBot();
    bot.logQueries.rows = [['2026-11-21 11:00', '/checkout', 'secret customer error']];

    // Act
    await runPreset(bot);

    // Assess
    expect(bot.recorder.of('conversations.open')[0]?.body).toMatchObject({ users: 'UDEV' });
    expect(destinations(bot)).toEqual(['DDEV']);
    const inChannel = bot.recorder.of('chat.postEphemeral').filter((call) => call.body.channel === channel);
    expect(inChannel.map((call) => String(call.body.text))).toEqual([
      expect.stringContaining('will be in your direct messages with infrabot'),
    ]);
    expect(JSON.stringify(inChannel)).not.toContain('secret customer error');
  });

  it('posts the results in the channel when the preset says visibility: channel', async () => {
    // Prepare
    bot = await startSelfServiceBot({ logsVisibility: 'channel' });
    bot.logQueries.rows = [['2026-11-21 11:00', '/checkout', 'boom']];

    // Act
    await runPreset(bot);

    // Assess
    expect(destinations(bot)).toEqual([channel]);
    expect(bot.recorder.of('conversations.open')).toHaveLength(0);
  });

  it('escapes a log cell such as <!channel> or a disguised link, so it reaches Slack as text', async () => {
    // Prepare
    bot = await startSelfServiceBot({ logsVisibility: 'channel' });
    bot.logQueries.rows = [['2026-11-21 11:00', '/checkout', '<!channel> <http://e.vil|docs> & go']];

    // Act
    await runPreset(bot);

    // Assess
    const [, table] = bot.recorder.of('chat.postMessage');
    const sent = JSON.stringify(table?.body);
    expect(sent).toContain('&lt;!channel&gt; &lt;http://e.vil|docs&gt; &amp; go');
    expect(sent).not.toContain('<!channel>');
    expect(sent).not.toContain('<http://e.vil');
  });
});
