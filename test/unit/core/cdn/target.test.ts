import { describe, expect, it } from 'vitest';
import { callerReferenceFor } from '../../../../core/cdn/caller-reference';
import { findConfiguredTarget, resolveTarget } from '../../../../core/cdn/target';
import { distribution } from '../../../fixtures/cdn';

const configured = [
  { name: 'images', id: 'E2QWRUHAPOMQZL', allowed: ['@developers'] },
  { name: 'site', id: 'E3SITE0000001', allowed: ['U012ABCDEF'] },
];
const distributions = [
  distribution({ id: 'E2QWRUHAPOMQZL', aliases: ['images.example.com'], originDomains: ['img.s3.amazonaws.com'] }),
  distribution({ id: 'E3SITE0000001', originDomains: ['shared.s3.amazonaws.com'] }),
  distribution({ id: 'E4OTHER000001', aliases: ['other.example.com'], originDomains: ['shared.s3.amazonaws.com'] }),
];

describe('findConfiguredTarget', () => {
  it('finds a distribution by configured name or by id without listing', () => {
    expect(findConfiguredTarget(configured, 'images')?.id).toBe('E2QWRUHAPOMQZL');
    expect(findConfiguredTarget(configured, 'e3site0000001')?.name).toBe('site');
    expect(findConfiguredTarget(configured, 'images.example.com')).toBeUndefined();
  });
});

describe('resolveTarget', () => {
  it('resolves an alias domain to its configured distribution', () => {
    expect(resolveTarget(configured, distributions, 'images.example.com')).toMatchObject({
      ok: true,
      distribution: { name: 'images' },
    });
  });

  it('resolves a bucket served by exactly one distribution', () => {
    expect(resolveTarget(configured, distributions, 'img')).toMatchObject({
      ok: true,
      distribution: { name: 'images' },
    });
  });

  it('asks to choose when several distributions serve the bucket', () => {
    const result = resolveTarget(configured, distributions, 'shared');

    expect(result).toMatchObject({ ok: false, reason: 'ambiguous_target' });
    if (!result.ok) expect(result.message).toContain('site (E3SITE0000001), E4OTHER000001');
  });

  it('refuses a distribution that is not in the configuration', () => {
    const result = resolveTarget(configured, distributions, 'other.example.com');

    expect(result).toMatchObject({ ok: false, reason: 'not_listed' });
  });

  it('refuses an unlisted distribution named by id', () => {
    expect(resolveTarget(configured, distributions, 'E4OTHER000001')).toMatchObject({
      ok: false,
      reason: 'not_listed',
    });
  });

  it('says when nothing matches and lists the configured names', () => {
    const result = resolveTarget(configured, distributions, 'nowhere.example.com');

    expect(result).toMatchObject({ ok: false, reason: 'unknown_target' });
    if (!result.ok) expect(result.message).toContain('images, site');
  });
});

describe('callerReferenceFor', () => {
  it('derives the same reference from the same trigger and distribution', () => {
    const first = callerReferenceFor('1234.5678.abcdef', 'E2QWRUHAPOMQZL');

    expect(callerReferenceFor('1234.5678.abcdef', 'E2QWRUHAPOMQZL')).toBe(first);
    expect(first).toMatch(/^infrabot-[0-9a-f]{40}$/);
  });

  it('derives different references for different triggers or distributions', () => {
    const base = callerReferenceFor('t1', 'E2QWRUHAPOMQZL');

    expect(callerReferenceFor('t2', 'E2QWRUHAPOMQZL')).not.toBe(base);
    expect(callerReferenceFor('t1', 'E3SITE0000001')).not.toBe(base);
  });
});
