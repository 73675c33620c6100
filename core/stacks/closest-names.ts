/** Edit distance between two strings (insertions, deletions, substitutions). */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/**
 * The names closest to `wanted`, best first: names containing it come first, then the nearest by edit
 * distance, as long as they are not wildly different.
 */
export function closestNames(wanted: string, names: readonly string[], limit: number): string[] {
  const needle = wanted.toLowerCase();
  const scored = names.map((name) => {
    const contains = name.includes(needle) || needle.includes(name.split('/').pop() ?? name);
    return { name, score: contains ? 0 : editDistance(needle, name) };
  });
  const best = Math.min(...scored.map((entry) => entry.score));
  const threshold = Math.min(Math.max(3, Math.ceil(needle.length / 3)), best + 2);
  return scored
    .filter((entry) => entry.score <= threshold)
    .sort((a, b) => a.score - b.score || a.name.localeCompare(b.name))
    .slice(0, limit)
    .map((entry) => entry.name);
}
