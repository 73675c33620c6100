import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const root = new URL('../../../', import.meta.url);
const page = readFileSync(new URL('docs/security.md', root), 'utf8');

/** Every `test/…ts`: "name"; "name" a row of the threat model cites: each name quoted after its file. */
function citedTests(): { file: string; name: string }[] {
  const cites = page.matchAll(/`(test\/[\w./-]+\.test\.ts)`: ((?:"[^"]+"(?:; )?)+)/g);
  return [...cites].flatMap((match) =>
    [...(match[2] ?? '').matchAll(/"([^"]+)"/g)].map((name) => ({ file: match[1] ?? '', name: name[1] ?? '' })),
  );
}

describe('docs/security.md', () => {
  it('names a test that exists for every threat', () => {
    // Act
    const cited = citedTests();

    // Assess
    expect(cited.length).toBeGreaterThanOrEqual(6);
    for (const { file, name } of cited) {
      const path = new URL(file, root);
      expect(existsSync(path), file).toBe(true);
      expect(readFileSync(path, 'utf8'), `${file} has no test "${name}"`).toContain(name);
    }
  });
});
