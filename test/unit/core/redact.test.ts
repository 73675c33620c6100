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
