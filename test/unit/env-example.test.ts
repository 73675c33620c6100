import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url);
const read = (name: string) => readFileSync(new URL(name, root), 'utf8');

/** The variables `.env.example` sets or shows commented out, a provider's name read as `<PROVIDER>`. */
function envExampleNames(): Set<string> {
  const names = [...read('.env.example').matchAll(/^(?:# )?([A-Z][A-Z0-9_]+)=/gm)].map((match) => match[1] ?? '');
  return new Set(names.map((name) => name.replace(/_(GOOGLE|GITHUB|NEWRELIC|AWS)$/, '_<PROVIDER>')));
}

/** The variables named in the README's table of settings. */
function readmeTableNames(): Set<string> {
  const readme = read('README.md');
  const start = readme.indexOf('| variable | meaning |');
  const table = readme.slice(start, readme.indexOf('\n\n', start));
  const firstCells = table.split('\n').map((row) => row.split('|')[1] ?? '');
  return new Set(firstCells.flatMap((cell) => [...cell.matchAll(/`([A-Z][A-Z0-9_<>]+)`/g)].map((m) => m[1] ?? '')));
}

describe('.env.example and the README', () => {
  it('name the same variables, the GitHub and CodeBuild ones beside the Slack ones', () => {
    // Act
    const example = envExampleNames();
    const readme = readmeTableNames();

    // Assess
    expect([...example].sort()).toEqual([...readme].sort());
    for (const name of [
      'SLACK_SIGNING_SECRET',
      'GITHUB_APP_ID',
      'GITHUB_WEBHOOK_SECRET',
      'INFRABOT_BUILD_PROJECT_PREFIX',
    ]) {
      expect(example).toContain(name);
    }
  });
});
