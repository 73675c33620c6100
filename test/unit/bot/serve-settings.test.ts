import { describe, expect, it } from 'vitest';
import { readServeSettings, SettingsError } from '../../../bot/serve-settings';

const valid = {
  SLACK_SIGNING_SECRET: 'secret',
  SLACK_BOT_TOKEN: 'xoxb-1-2-3',
  INFRABOT_REPO_DIR: '/srv/infra',
};

describe('readServeSettings', () => {
  it('fills in the defaults', () => {
    expect(readServeSettings(valid)).toMatchObject({
      PORT: 3000,
      INFRABOT_CONFIG: 'infrabot.yaml',
      INFRABOT_STATE: '.infrabot/state.db',
      INFRABOT_RUNNER: 'local',
      INFRABOT_CONSOLE: false,
    });
  });

  it('turns the console beside Slack on with INFRABOT_CONSOLE=1 on port 3001, and refuses other values, saying which', () => {
    expect(readServeSettings({ ...valid, INFRABOT_CONSOLE: '1' })).toMatchObject({
      INFRABOT_CONSOLE: true,
      INFRABOT_CONSOLE_PORT: 3001,
    });
    expect(readServeSettings({ ...valid, INFRABOT_CONSOLE: '0' }).INFRABOT_CONSOLE).toBe(false);
    expect(() => readServeSettings({ ...valid, INFRABOT_CONSOLE: '1', PORT: '3001' })).toThrow(
      /INFRABOT_CONSOLE_PORT is PORT \(3001\): the console needs a port of its own/,
    );
    expect(() => readServeSettings({ ...valid, INFRABOT_CONSOLE: 'yes' })).toThrow(
      /INFRABOT_CONSOLE is not valid .*: 1 to serve the operators' console on 127\.0\.0\.1 beside Slack/,
    );
  });

  it('names every missing or malformed variable with how to get it, in one message', () => {
    const read = () => readServeSettings({ SLACK_BOT_TOKEN: 'not-a-token', PORT: 'eighty' });

    expect(read).toThrow(SettingsError);
    const message = (() => {
      try {
        read();
      } catch (error) {
        return (error as Error).message;
      }
      return '';
    })();
    expect(message).toContain('SLACK_SIGNING_SECRET is not set: the Signing Secret');
    expect(message).toContain('SLACK_BOT_TOKEN is not valid (expected a token starting with xoxb-)');
    expect(message).toContain('PORT is not valid');
    expect(message).toContain('INFRABOT_REPO_DIR is not set (the local runner needs it)');
  });

  it('treats empty variables as unset', () => {
    expect(() => readServeSettings({ ...valid, SLACK_SIGNING_SECRET: '' })).toThrow(/SLACK_SIGNING_SECRET is not set/);
  });

  it('does not ask for a repository clone when builds run in CodeBuild', () => {
    const { INFRABOT_REPO_DIR: _unused, ...rest } = valid;

    expect(readServeSettings({ ...rest, INFRABOT_RUNNER: 'codebuild' }).INFRABOT_RUNNER).toBe('codebuild');
  });

  it('takes the public address job pages link to, and refuses one that is not an http(s) URL', () => {
    expect(
      readServeSettings({ ...valid, INFRABOT_PUBLIC_URL: 'https://infrabot.example.com' }).INFRABOT_PUBLIC_URL,
    ).toBe('https://infrabot.example.com');
    expect(() => readServeSettings({ ...valid, INFRABOT_PUBLIC_URL: 'javascript:alert(1)' })).toThrow(
      /INFRABOT_PUBLIC_URL is not valid/,
    );
  });
});
