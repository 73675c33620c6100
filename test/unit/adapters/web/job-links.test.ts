import { describe, expect, it } from 'vitest';
import { JobLinks, jobLinkKey } from '../../../../adapters/web/job-links';

const day = 86_400_000;

function linksAt(now: Date, secret = 'signing-secret') {
  return new JobLinks({
    baseUrl: () => 'https://bot.example.test/',
    key: jobLinkKey(secret),
    ttlMs: day,
    now: () => now,
  });
}

const queryOf = (url: string) => new URL(url).searchParams;

describe('JobLinks', () => {
  const t0 = new Date('2026-12-06T10:00:00Z');

  it('makes a link on the public address that verifies for its job', () => {
    const url = linksAt(t0).pageUrl('j-abc1-def2');

    expect(url).toMatch(/^https:\/\/bot\.example\.test\/jobs\/j-abc1-def2\?exp=\d+&sig=[\w-]+$/);
    expect(linksAt(t0).verify('j-abc1-def2', queryOf(url))).toBe(true);
  });

  it('refuses the link of one job for another', () => {
    const url = linksAt(t0).pageUrl('j-abc1-def2');

    expect(linksAt(t0).verify('j-abc1-zzzz', queryOf(url))).toBe(false);
  });

  it('refuses a link once its day has passed, and one whose expiry was pushed back', () => {
    const url = linksAt(t0).pageUrl('j-abc1-def2');
    const stretched = queryOf(url);
    stretched.set('exp', String(Number(stretched.get('exp')) + 3_600));

    expect(linksAt(new Date(t0.getTime() + day + 1_000)).verify('j-abc1-def2', queryOf(url))).toBe(false);
    expect(linksAt(t0).verify('j-abc1-def2', stretched)).toBe(false);
  });

  it('refuses a link signed with another secret, or with no signature', () => {
    const url = linksAt(t0, 'another-secret').pageUrl('j-abc1-def2');
    const unsigned = queryOf(url);
    unsigned.delete('sig');

    expect(linksAt(t0).verify('j-abc1-def2', queryOf(url))).toBe(false);
    expect(linksAt(t0).verify('j-abc1-def2', unsigned)).toBe(false);
  });

  it('never puts the signing secret itself in a link', () => {
    expect(linksAt(t0, 'the-slack-signing-secret').pageUrl('j-abc1-def2')).not.toContain('the-slack-signing-secret');
  });
});
