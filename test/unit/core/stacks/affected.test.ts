import { describe, expect, it } from 'vitest';
import {
  affectedStacks,
  type ModuleGraph,
  normalizeRepoPath,
  resolveModuleSource,
  touchedDirs,
} from '../../../../core/stacks/affected';

const stacks = [
  { name: 'aws/prod/network', dir: 'stacks/aws/prod/network' },
  { name: 'aws/prod/app', dir: 'stacks/aws/prod/app' },
  { name: 'aws/staging/app', dir: 'stacks/aws/staging/app' },
  { name: 'github/org', dir: 'stacks/github/org' },
];

/** network → modules/vpc → modules/tags; prod/app → modules/service → modules/tags; staging/app → modules/service. */
const graph: ModuleGraph = new Map([
  ['stacks/aws/prod/network', ['modules/vpc']],
  ['stacks/aws/prod/app', ['modules/service']],
  ['stacks/aws/staging/app', ['modules/service']],
  ['stacks/github/org', []],
  ['modules/vpc', ['modules/tags']],
  ['modules/service', ['modules/tags']],
  ['modules/tags', []],
]);

const names = (changed: string[], over: ModuleGraph = graph) =>
  affectedStacks(stacks, over, changed).map((stack) => stack.name);

describe('normalizeRepoPath', () => {
  it.each([
    ['stacks/aws/main.tf', 'stacks/aws/main.tf'],
    ['./stacks//aws/./main.tf', 'stacks/aws/main.tf'],
    ['stacks\\aws\\main.tf', 'stacks/aws/main.tf'],
    ['stacks/aws/../gcp/main.tf', 'stacks/gcp/main.tf'],
    ['stacks/aws/', 'stacks/aws'],
    ['.', '.'],
    ['  README.md  ', 'README.md'],
  ])('writes %j as %j', (path, expected) => {
    expect(normalizeRepoPath(path)).toBe(expected);
  });

  it.each(['/etc/passwd', '../outside.tf', 'stacks/../../outside', 'C:\\infra\\main.tf'])(
    'refuses %j, which is not inside the repository',
    (path) => {
      expect(normalizeRepoPath(path)).toBeUndefined();
    },
  );
});

describe('resolveModuleSource', () => {
  it('resolves ./ and ../ paths against the calling directory', () => {
    expect(resolveModuleSource('stacks/aws/prod/network', '../../../../modules/vpc')).toEqual({
      kind: 'local',
      dir: 'modules/vpc',
    });
    expect(resolveModuleSource('stacks/app', './modules/queue/')).toEqual({
      kind: 'local',
      dir: 'stacks/app/modules/queue',
    });
    expect(resolveModuleSource('.', './modules/vpc')).toEqual({ kind: 'local', dir: 'modules/vpc' });
  });

  it('treats registry, git, http and other sources as remote', () => {
    for (const source of [
      'terraform-aws-modules/vpc/aws',
      'git::https://example.com/vpc.git?ref=v1.2.0',
      'github.com/example-org/modules//vpc',
      'https://example.com/vpc.zip',
      's3::https://s3.amazonaws.com/bucket/vpc.zip',
      'modules/vpc',
    ]) {
      expect(resolveModuleSource('stacks/app', source)).toEqual({ kind: 'remote' });
    }
  });

  it('says when a local source climbs out of the repository', () => {
    expect(resolveModuleSource('stacks/app', '../../../shared')).toEqual({ kind: 'outside_repo' });
  });
});

describe('touchedDirs', () => {
  it('holds each path, every directory above it, and the root', () => {
    expect([...touchedDirs(['a/b/c.tf', 'a/d.tf'])].sort()).toEqual(['.', 'a', 'a/b', 'a/b/c.tf', 'a/d.tf']);
  });
});

describe('affectedStacks', () => {
  it('finds a stack by a file in its directory, at any depth', () => {
    expect(names(['stacks/aws/prod/network/main.tf'])).toEqual(['aws/prod/network']);
    expect(names(['stacks/github/org/templates/codeowners.tpl'])).toEqual(['github/org']);
  });

  it('finds the stacks that use a changed module directly', () => {
    expect(names(['modules/service/main.tf'])).toEqual(['aws/prod/app', 'aws/staging/app']);
  });

  it('finds the stacks that use a changed module through other modules', () => {
    expect(names(['modules/tags/variables.tf'])).toEqual(['aws/prod/network', 'aws/prod/app', 'aws/staging/app']);
  });

  it('lists each stack once, in the order given, whatever the order of the changes', () => {
    expect(names(['modules/vpc/main.tf', 'stacks/github/org/main.tf', 'stacks/aws/prod/network/x.tf'])).toEqual([
      'aws/prod/network',
      'github/org',
    ]);
  });

  it('finds nothing for changes outside every stack and module', () => {
    expect(names(['README.md', 'docs/stacks/aws/prod/network.md', 'modules/unused/main.tf'])).toEqual([]);
    expect(names([])).toEqual([]);
  });

  it('does not mistake a directory that shares a name prefix for the stack', () => {
    expect(names(['stacks/aws/prod/network-old/main.tf', 'modules/service-v2/main.tf'])).toEqual([]);
  });

  it('follows module cycles without looping', () => {
    const cyclic: ModuleGraph = new Map([
      ['stacks/aws/prod/app', ['modules/a']],
      ['modules/a', ['modules/b']],
      ['modules/b', ['modules/a']],
    ]);

    expect(names(['modules/b/main.tf'], cyclic)).toEqual(['aws/prod/app']);
    expect(names(['modules/a/main.tf'], cyclic)).toEqual(['aws/prod/app']);
  });

  it('counts a module inside another stack for both stacks', () => {
    const nested: ModuleGraph = new Map([['stacks/aws/staging/app', ['stacks/aws/prod/app/modules/queue']]]);

    expect(names(['stacks/aws/prod/app/modules/queue/main.tf'], nested)).toEqual(['aws/prod/app', 'aws/staging/app']);
  });

  it('lets a stack at the repository root be touched by any change', () => {
    const rooted = affectedStacks([{ name: 'root', dir: '.' }], new Map(), ['anything/at/all.txt']);

    expect(rooted.map((stack) => stack.name)).toEqual(['root']);
  });
});
