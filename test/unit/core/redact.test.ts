import { describe, expect, it } from 'vitest';
import { logTail, redactSecrets } from '../../../core/redact';

describe('redactSecrets', () => {
  it('masks tokens and keys wherever they appear in a line', () => {
    const text = [
      'using key AKIAABCDEFGHIJKLMNOP for the role',
      'token xoxb-123456789012-abcdefghijklmnop posted',
      'github ghs_abcdefghijklmnopqrstuvwxyz0123 ok',
      'password = "hunter2hunter2"',
      'NEW_RELIC_API_KEY: NRAK-ABCDEFGHIJKLMNOPQRSTUVWXYZ1',
    ].join('\n');

    const redacted = redactSecrets(text);

    expect(redacted).not.toMatch(/AKIAABCDEFGHIJKLMNOP|xoxb-123|ghs_abc|hunter2|NRAK-ABC/);
    expect(redacted).toContain('using key [redacted aws key id] for the role');
    expect(redacted).toContain('password = [redacted]');
  });

  it('masks values whose key only ends in a secret word, quoted or not, as plan text and logs print them', () => {
    const text = [
      '      + environment = {',
      '          + "DB_PASSWORD" = "hunter2hunter2"',
      '          + GITHUB_TOKEN  = "tok3nvalue"',
      '        }',
      'export MYSQL_ROOT_PASSWORD=s3cr3tvalue',
      '{"client_secret": "clientsecretvalue", "auth_token": "authtokenvalue"}',
    ].join('\n');

    const redacted = redactSecrets(text);

    expect(redacted).not.toMatch(/hunter2|tok3nvalue|s3cr3tvalue|clientsecretvalue|authtokenvalue/);
    expect(redacted).toContain('+ "DB_PASSWORD" = [redacted]');
    expect(redacted).toContain('export MYSQL_ROOT_PASSWORD=[redacted]');
  });

  it('masks both sides of a changed secret', () => {
    const redacted = redactSecrets('      ~ master_password = "oldpassword1" -> "newpassword2"');

    expect(redacted).not.toMatch(/oldpassword1|newpassword2/);
    expect(redacted).toBe('      ~ master_password = [redacted]');
  });

  it("keeps Terraform's own placeholders and keys that only start with a secret word", () => {
    const text = [
      '      + password      = (sensitive value)',
      '      + api_key       = (known after apply)',
      '      + token_url     = "https://sts.googleapis.com/v1/token"',
      '      + secret_arn    = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db"',
    ].join('\n');

    expect(redactSecrets(text)).toBe(text);
  });

  it('masks a whole private key block', () => {
    const key = '-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA\nabc\n-----END RSA PRIVATE KEY-----';

    expect(redactSecrets(`before\n${key}\nafter`)).toBe('before\n[redacted private key]\nafter');
  });

  it('leaves ordinary plan output alone', () => {
    const text = '  # aws_s3_bucket.logs will be created\n  + bucket = "logs"';

    expect(redactSecrets(text)).toBe(text);
  });
});

describe('logTail', () => {
  it('keeps the last lines only', () => {
    expect(logTail('a\nb\nc\nd\n', 2)).toBe('c\nd');
  });
});
