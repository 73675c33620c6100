/**
 * Validation and normalization of CloudFront invalidation paths, before any AWS call.
 *
 * Decisions:
 * - Raw non-ASCII characters are refused, with the percent-encoded spelling suggested: CloudFront matches
 *   the encoded form, and a silent re-encoding would hide which object is being invalidated.
 * - The RFC 1738 "unsafe" ASCII characters `" < > [ \ ] ^ ` { | }` are percent-encoded; existing `%XX`
 *   escapes are kept (hex in upper case); a `%` that starts no escape is refused.
 * - Spaces, control characters, `?` (query strings), `#` (fragments) and `..` segments (also as `%2E%2E`)
 *   are refused; `.` segments and repeated slashes are dropped; a trailing slash is kept (it names a
 *   different object).
 * - Paths are de-duplicated after normalization; the limits count the de-duplicated paths.
 */

/** Limits for one invalidation request (from `cdn.maxPaths` and `cdn.maxWildcards`). */
export interface PathLimits {
  maxPaths: number;
  maxWildcards: number;
}

/** Why a set of paths is refused. */
export type PathRefusal = 'no_paths' | 'invalid_path' | 'too_many_paths' | 'too_many_wildcards';

export type PathsResult =
  | { ok: true; paths: string[]; wildcards: number }
  | { ok: false; reason: PathRefusal; message: string; path?: string };

type OnePath = { ok: true; path: string } | { ok: false; message: string };

const unsafeAscii = /["<>[\\\]^`{|}]/g;

/**
 * Validates, normalizes and de-duplicates the paths a user typed, and enforces the limits.
 * @returns the normalized paths in the order first given, or why they are refused.
 */
export function parseInvalidationPaths(raw: readonly string[], limits: PathLimits): PathsResult {
  if (raw.length === 0) {
    return { ok: false, reason: 'no_paths', message: 'give at least one path to invalidate, such as /index.html' };
  }
  const paths: string[] = [];
  for (const text of raw) {
    const one = normalizeInvalidationPath(text);
    if (!one.ok) return { ok: false, reason: 'invalid_path', message: one.message, path: text };
    if (!paths.includes(one.path)) paths.push(one.path);
  }
  if (paths.length > limits.maxPaths) {
    return {
      ok: false,
      reason: 'too_many_paths',
      message: `${paths.length} paths is more than the ${limits.maxPaths} allowed per request; use a wildcard such as /images/* or split the request`,
    };
  }
  const wildcards = paths.filter((path) => path.endsWith('*')).length;
  if (wildcards > limits.maxWildcards) {
    return {
      ok: false,
      reason: 'too_many_wildcards',
      message: `${wildcards} wildcard paths is more than the ${limits.maxWildcards} allowed per request`,
    };
  }
  return { ok: true, paths, wildcards };
}

/** Validates and normalizes one path; see the module comment for the rules. */
export function normalizeInvalidationPath(text: string): OnePath {
  const refusal = refuseCharacters(text);
  if (refusal) return { ok: false, message: refusal };
  const star = text.indexOf('*');
  if (star !== -1 && star !== text.length - 1) {
    return { ok: false, message: `"${text}": a * may only be the last character, as in /images/*` };
  }
  const encoded = normalizeEscapes(text);
  if (encoded === undefined) {
    return { ok: false, message: `"${text}": a % must start an escape such as %20; write a literal % as %25` };
  }
  const segments = encoded.split('/');
  if (segments.some((segment) => segment === '..' || segment.toUpperCase() === '%2E%2E')) {
    return { ok: false, message: `"${text}": ".." segments are not allowed; give the path from the root` };
  }
  const kept = segments.slice(1).filter((segment, index, all) => {
    const last = index === all.length - 1;
    return segment !== '.' && (segment !== '' || last);
  });
  return { ok: true, path: `/${kept.join('/')}` };
}

function refuseCharacters(text: string): string | undefined {
  if (!text.startsWith('/')) return `"${text}": a path must start with /, as in /index.html`;
  if ([...text].some(isControl)) return `"${shown(text)}": control characters are not allowed`;
  if (text.includes(' ')) return `"${text}": spaces are not allowed; write a space as %20`;
  if (text.includes('?')) return `"${text}": query strings are not allowed; invalidate the path without ?…`;
  if (text.includes('#')) return `"${text}": # (a fragment) never reaches CloudFront; leave it out`;
  if ([...text].some(isNonAscii)) {
    return `"${text}": non-ASCII characters must be percent-encoded; write ${suggestEncoding(text)}`;
  }
  return undefined;
}

function normalizeEscapes(text: string): string | undefined {
  const withUnsafe = text.replace(unsafeAscii, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
  if (/%(?![0-9A-Fa-f]{2})/.test(withUnsafe)) return undefined;
  return withUnsafe.replace(/%([0-9A-Fa-f]{2})/g, (_, hex: string) => `%${hex.toUpperCase()}`);
}

function suggestEncoding(text: string): string {
  return [...text].map((char) => (isNonAscii(char) ? encodeURIComponent(char) : char)).join('');
}

function shown(text: string): string {
  return [...text]
    .map((char) => (isControl(char) ? `\\x${codeOf(char).toString(16).padStart(2, '0')}` : char))
    .join('');
}

function codeOf(char: string): number {
  return char.codePointAt(0) ?? 0;
}

function isControl(char: string): boolean {
  return codeOf(char) < 0x20 || codeOf(char) === 0x7f;
}

function isNonAscii(char: string): boolean {
  return codeOf(char) > 0x7f;
}
