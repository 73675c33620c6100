import { describe, expect, it } from 'vitest';
import { ConsoleChat, ConsoleDirectory } from '../../../../adapters/console/console-chat';
import { ConsoleFeed } from '../../../../adapters/console/console-feed';

describe('ConsoleChat', () => {
  it('shows a direct message to its one user, as Slack does', async () => {
    const feed = new ConsoleFeed();
    const chat = new ConsoleChat(feed);

    const direct = await chat.openDirectMessage('UDEMOADA');
    await chat.post(direct, { text: 'your query results' });
    await chat.uploadFile({ channel: direct, filename: 'results.csv', title: 'Results', content: 'a,b\n' });
    await chat.post('CCONSOLE', { text: 'for everyone' });

    const [message, file, open] = feed.all();
    expect(message).toMatchObject({ ephemeralFor: 'UDEMOADA', direct: true, message: { text: 'your query results' } });
    expect(file).toMatchObject({ ephemeralFor: 'UDEMOADA', direct: true, file: { filename: 'results.csv' } });
    expect(open?.ephemeralFor).toBeUndefined();
  });
});

describe('ConsoleDirectory', () => {
  it('knows the demo users as full members of the workspace and nobody else', async () => {
    const directory = new ConsoleDirectory({ platform: ['UDEMOADA'] }, ['UDEMOADA', 'UDEMODEV']);

    expect(await directory.isFullMember('UDEMODEV')).toBe(true);
    expect(await directory.isFullMember('USTRANGER')).toBe(false);
    expect(await directory.membersOf('platform')).toEqual(['UDEMOADA']);
  });
});
