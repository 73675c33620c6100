import { describe, expect, it } from 'vitest';
import { ConsoleFeed } from '../../../../adapters/console/console-feed';
import { MirroredChat } from '../../../../adapters/console/mirrored-chat';
import { RecordingChat } from '../../../fakes/fake-ports';

function prepare() {
  const slack = new RecordingChat();
  const feed = new ConsoleFeed();
  return { slack, feed, chat: new MirroredChat(slack, feed) };
}

describe('MirroredChat', () => {
  it('posts to Slack and shows the channel message in the console, updated when Slack’s is', async () => {
    const { slack, feed, chat } = prepare();

    const { ts } = await chat.post('C0123ABC', { text: 'plan of aws/prod/network: queued' });
    await chat.update('C0123ABC', ts, { text: 'plan of aws/prod/network: succeeded' });

    expect([...slack.messages.values()].map((message) => message.text)).toEqual([
      'plan of aws/prod/network: succeeded',
    ]);
    expect(feed.all().map((message) => [message.channel, message.message.text])).toEqual([
      ['C0123ABC', 'plan of aws/prod/network: succeeded'],
    ]);
  });

  it('shows a thread reply under its message in the console', async () => {
    const { feed, chat } = prepare();

    const parent = await chat.post('C0123ABC', { text: 'apply of aws/prod/network' });
    await chat.post('C0123ABC', { text: 'the full plan' }, parent.ts);

    const [shownParent, reply] = feed.all();
    expect(reply?.threadTs).toBe(shownParent?.ts);
  });

  it('keeps ephemeral replies, direct messages and files in Slack only', async () => {
    const { slack, feed, chat } = prepare();

    await chat.postEphemeral('C0123ABC', 'U012ABCDEF', { text: 'only you may see this' });
    const dm = await chat.openDirectMessage('U012ABCDEF');
    await chat.post(dm, { text: '/logs results' });
    await chat.uploadFile({ channel: 'C0123ABC', filename: 'plan.txt', title: 'plan', content: 'secret-ish' });

    expect(slack.ephemerals).toHaveLength(1);
    expect(slack.files).toHaveLength(1);
    expect(feed.all()).toEqual([]);
  });
});
