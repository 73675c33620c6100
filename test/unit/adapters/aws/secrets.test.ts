import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { parseSecretRef, SecretReader } from '../../../../adapters/aws/secrets';

const secretsManager = mockClient(SecretsManagerClient);
const ssm = mockClient(SSMClient);
const botTokenArn = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:infrabot/slack-bot-token-AbCdEf';

beforeEach(() => {
  secretsManager.reset();
  ssm.reset();
});

describe('SecretReader', () => {
  it('prefers the plain environment variable and then asks no store', async () => {
    const reader = new SecretReader({ SLACK_BOT_TOKEN: 'xoxb-local', SLACK_BOT_TOKEN_FROM: botTokenArn });

    const value = await reader.read('SLACK_BOT_TOKEN');

    expect(value).toBe('xoxb-local');
    expect(secretsManager.calls()).toHaveLength(0);
  });

  it('reads a Secrets Manager secret through Powertools Parameters', async () => {
    secretsManager.on(GetSecretValueCommand, { SecretId: botTokenArn }).resolves({ SecretString: 'xoxb-from-aws' });
    const reader = new SecretReader({ SLACK_BOT_TOKEN_FROM: botTokenArn });

    const value = await reader.read('SLACK_BOT_TOKEN');

    expect(value).toBe('xoxb-from-aws');
  });

  it('reads a decrypted SSM parameter through Powertools Parameters', async () => {
    ssm
      .on(GetParameterCommand, { Name: '/infrabot/slack/signing-secret', WithDecryption: true })
      .resolves({ Parameter: { Name: '/infrabot/slack/signing-secret', Value: 'signing-from-ssm' } });
    const reader = new SecretReader({ SLACK_SIGNING_SECRET_FROM: 'ssm:/infrabot/slack/signing-secret' });

    const value = await reader.read('SLACK_SIGNING_SECRET');

    expect(value).toBe('signing-from-ssm');
  });

  it('says which variables to set when a secret is configured nowhere', async () => {
    const reader = new SecretReader({});

    await expect(reader.read('SLACK_BOT_TOKEN')).rejects.toMatchObject({
      code: 'secret_missing',
      message: expect.stringContaining('set SLACK_BOT_TOKEN, or SLACK_BOT_TOKEN_FROM'),
    });
    expect(await reader.readOptional('SLACK_BOT_TOKEN')).toBeUndefined();
  });

  it('names the secret, never its value, when the store refuses', async () => {
    secretsManager.on(GetSecretValueCommand).rejects(new Error('AccessDeniedException'));
    const reader = new SecretReader({ GITHUB_APP_KEY_FROM: 'secretsmanager:infrabot/github-denied' });

    await expect(reader.read('GITHUB_APP_KEY')).rejects.toMatchObject({
      code: 'secret_missing',
      message: 'reading secret GITHUB_APP_KEY from secretsmanager',
    });
  });

  it('refuses a reference it cannot read', async () => {
    const reader = new SecretReader({ SLACK_BOT_TOKEN_FROM: 'vault:kv/slack' });

    await expect(reader.read('SLACK_BOT_TOKEN')).rejects.toMatchObject({ code: 'secret_missing' });
  });
});

describe('parseSecretRef', () => {
  it('recognises ARNs and prefixed names of both stores', () => {
    expect(parseSecretRef(botTokenArn)).toEqual({ store: 'secretsmanager', id: botTokenArn });
    expect(parseSecretRef('arn:aws:ssm:eu-west-1:123456789012:parameter/infrabot/x')).toEqual({
      store: 'ssm',
      name: 'arn:aws:ssm:eu-west-1:123456789012:parameter/infrabot/x',
    });
    expect(parseSecretRef('secretsmanager:infrabot/x')).toEqual({ store: 'secretsmanager', id: 'infrabot/x' });
    expect(parseSecretRef('ssm:/infrabot/x')).toEqual({ store: 'ssm', name: '/infrabot/x' });
    expect(parseSecretRef('/infrabot/x')).toBeUndefined();
  });
});
