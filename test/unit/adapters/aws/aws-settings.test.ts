import { describe, expect, it } from 'vitest';
import { readAwsSettings, readQueuedTimeoutMs } from '../../../../adapters/aws/aws-settings';

describe('readAwsSettings', () => {
  it('reads the table, bucket, build project prefix and the default config path', () => {
    const settings = readAwsSettings(
      {
        INFRABOT_TABLE: 'infrabot',
        INFRABOT_ARTIFACTS_BUCKET: 'infrabot-artifacts',
        INFRABOT_BUILD_PROJECT_PREFIX: 'infrabot',
      },
      ['artifacts', 'projects'],
      '/var/task/infrabot.yaml',
    );

    expect(settings).toEqual({
      configPath: '/var/task/infrabot.yaml',
      table: 'infrabot',
      bucket: 'infrabot-artifacts',
      projectPrefix: 'infrabot',
    });
  });

  it('takes the config path from INFRABOT_CONFIG', () => {
    const settings = readAwsSettings(
      {
        INFRABOT_TABLE: 't',
        INFRABOT_DISPATCHER_FUNCTION: 'infrabot-dispatcher',
        INFRABOT_CONFIG: '/opt/infrabot.yaml',
      },
      ['dispatcher'],
      '/var/task/infrabot.yaml',
    );

    expect(settings).toEqual({
      configPath: '/opt/infrabot.yaml',
      table: 't',
      dispatcherFunction: 'infrabot-dispatcher',
    });
  });

  it('names every missing or empty variable in one error', () => {
    const read = () =>
      readAwsSettings({ INFRABOT_BUILD_PROJECT_PREFIX: ' ' }, ['artifacts', 'projects'], 'infrabot.yaml');

    expect(read).toThrow(
      'the environment is incomplete: INFRABOT_TABLE is not set; INFRABOT_ARTIFACTS_BUCKET is not set; INFRABOT_BUILD_PROJECT_PREFIX is empty (see docs/aws.md)',
    );
  });

  it('says that the shared per-provider project variables are no longer read, when they are all it is given', () => {
    const read = () =>
      readAwsSettings(
        {
          INFRABOT_TABLE: 't',
          INFRABOT_ARTIFACTS_BUCKET: 'b',
          INFRABOT_PLAN_PROJECT: 'infrabot-plan',
          INFRABOT_APPLY_PROJECT: 'infrabot-apply',
          INFRABOT_PLAN_PROJECT_GOOGLE: 'infrabot-plan-google',
        },
        ['artifacts', 'projects'],
        'infrabot.yaml',
      );

    expect(read).toThrow(
      'the environment is incomplete: INFRABOT_BUILD_PROJECT_PREFIX is not set; INFRABOT_APPLY_PROJECT, INFRABOT_PLAN_PROJECT, INFRABOT_PLAN_PROJECT_GOOGLE are no longer read: every stack has its own plan and apply project, named from INFRABOT_BUILD_PROJECT_PREFIX (see docs/aws.md)',
    );
  });
});

describe('readQueuedTimeoutMs', () => {
  it('reads INFRABOT_QUEUED_TIMEOUT_SECONDS, or falls back when it is unset or empty', () => {
    expect(readQueuedTimeoutMs({ INFRABOT_QUEUED_TIMEOUT_SECONDS: ' 1800 ' }, 900_000)).toBe(1_800_000);
    expect(readQueuedTimeoutMs({}, 900_000)).toBe(900_000);
    expect(readQueuedTimeoutMs({ INFRABOT_QUEUED_TIMEOUT_SECONDS: '' }, 900_000)).toBe(900_000);
  });

  it('refuses anything but a whole number of seconds of at least 5 minutes', () => {
    for (const value of ['15m', '-900', '299', '900.5']) {
      expect(() => readQueuedTimeoutMs({ INFRABOT_QUEUED_TIMEOUT_SECONDS: value }, 900_000)).toThrow(
        `INFRABOT_QUEUED_TIMEOUT_SECONDS is "${value}": expected a whole number of seconds, at least 300`,
      );
    }
  });
});
