/**
 * Levenshtein distance between two strings (insertions, deletions and substitutions each cost 1).
 * Runs in O(a × b) time and O(b) memory.
 */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** How close a candidate is to what was typed: lower is closer; `undefined` when it is not a plausible match. */
function closeness(typed: string, candidate: string): number | undefined {
  const query = typed.toLowerCase();
  const name = candidate.toLowerCase();
  if (query === name) return 0;
  // A typed suffix of whole segments ("network" or "prod/network" for "aws/prod/network").
  if (name.endsWith(`/${query}`)) return 1;
  if (name.startsWith(query)) return 2;
  const distance = editDistance(query, name);
  const allowed = Math.max(2, Math.floor(Math.min(query.length, name.length) / 4));
  if (distance <= allowed) return 3 + distance;
  if (name.includes(query) && query.length >= 3) return 3 + allowed + 1;
  return undefined;
}

/**
 * The candidates closest to `typed`, best first, for "did you mean …?" messages: exact (ignoring case) first,
 * then names ending in the typed segments, then prefixes, then small edit distances, then substrings.
 * Ties keep the candidates' order.
 * @param limit the most names to return
 */
export function closestNames(typed: string, candidates: readonly string[], limit: number): string[] {
  const scored: { name: string; score: number; index: number }[] = [];
  candidates.forEach((name, index) => {
    const score = closeness(typed, name);
    if (score !== undefined) scored.push({ name, score, index });
  });
  scored.sort((a, b) => a.score - b.score || a.index - b.index);
  return scored.slice(0, Math.max(0, limit)).map((entry) => entry.name);
}
