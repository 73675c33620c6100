import { describe, expect, it } from 'vitest';
import { normalizeInvalidationPath, parseInvalidationPaths } from '../../../../core/cdn/invalidation-paths';

const limits = { maxPaths: 3, maxWildcards: 1 };

describe('parseInvalidationPaths', () => {
  it('accepts plain paths and a trailing wildcard, keeping their order', () => {
    const result = parseInvalidationPaths(['/index.html', '/images/*'], limits);

    expect(result).toEqual({ ok: true, paths: ['/index.html', '/images/*'], wildcards: 1 });
  });

  it('de-duplicates after normalization and counts the limit on the result', () => {
    const result = parseInvalidationPaths(['/a.css', '//a.css', '/./a.css', '/b.css', '/c.css'], limits);

    expect(result).toEqual({ ok: true, paths: ['/a.css', '/b.css', '/c.css'], wildcards: 0 });
  });

  it('refuses more paths than allowed after de-duplication', () => {
    const result = parseInvalidationPaths(['/a', '/b', '/c', '/d'], limits);

    expect(result).toMatchObject({ ok: false, reason: 'too_many_paths' });
    if (!result.ok) expect(result.message).toContain('4 paths is more than the 3 allowed');
  });

  it('refuses more wildcards than allowed', () => {
    const result = parseInvalidationPaths(['/a/*', '/b/*'], limits);

    expect(result).toMatchObject({ ok: false, reason: 'too_many_wildcards' });
  });

  it('refuses an empty request', () => {
    expect(parseInvalidationPaths([], limits)).toMatchObject({ ok: false, reason: 'no_paths' });
  });

  it('names the first bad path', () => {
    const result = parseInvalidationPaths(['/fine', '/../etc/passwd'], limits);

    expect(result).toMatchObject({ ok: false, reason: 'invalid_path', path: '/../etc/passwd' });
  });
});

describe('normalizeInvalidationPath', () => {
  it.each([
    ['/a//b///c.png', '/a/b/c.png'],
    ['/a/./b', '/a/b'],
    ['/images/', '/images/'],
    ['/', '/'],
    ['/*', '/*'],
    ['/a%2fb', '/a%2Fb'],
    ['/caf%c3%a9.png', '/caf%C3%A9.png'],
    ['/a[1].png', '/a%5B1%5D.png'],
    ['/x{y}|z^', '/x%7By%7D%7Cz%5E'],
    ['/100%25.html', '/100%25.html'],
    ['/dot.in.name/file', '/dot.in.name/file'],
  ])('normalizes %s to %s', (input, expected) => {
    expect(normalizeInvalidationPath(input)).toEqual({ ok: true, path: expected });
  });

  it.each([
    ['images/a.png', 'must start with /'],
    ['', 'must start with /'],
    ['/a/../b', '".." segments'],
    ['/..', '".." segments'],
    ['/a/%2e%2E/b', '".." segments'],
    ['/a b.png', 'spaces are not allowed'],
    ['/a.png?v=2', 'query strings'],
    ['/a.png#top', 'fragment'],
    ['/a\tb', 'control characters'],
    ['/a\u0000b', 'control characters'],
    ['/a\u007f', 'control characters'],
    ['/café.png', 'write /caf%C3%A9.png'],
    ['/日本.html', 'non-ASCII'],
    ['/a/*/b', 'may only be the last character'],
    ['/*.png', 'may only be the last character'],
    ['/a**', 'may only be the last character'],
    ['/100%.html', 'a % must start an escape'],
    ['/bad%zz', 'a % must start an escape'],
  ])('refuses %j', (input, why) => {
    const result = normalizeInvalidationPath(input);

    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toContain(why);
  });
});
