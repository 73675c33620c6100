import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../../terraform/app';

/** Every TypeScript file under a folder of the repository, relative to the root. */
function sourcesUnder(folder: string): string[] {
  const root = join(repoRoot, folder);
  const entries = readdirSync(root, { recursive: true, withFileTypes: true }).filter(
    (entry) => entry.isFile() && entry.name.endsWith('.ts') && !entry.parentPath.includes('node_modules'),
  );
  return entries.map((entry) => relative(repoRoot, join(entry.parentPath, entry.name)));
}

function importsOf(file: string): string[] {
  const text = readFileSync(join(repoRoot, file), 'utf8');
  return [...text.matchAll(/(?:from|import)\s*\(?\s*'([^']+)'/g)].map((match) => match[1] ?? '');
}

/** cdktf itself, its providers and constructs; `@cdktf/hcl2json` is a separate HCL parser the product may use. */
const isCdktf = (specifier: string) => /^(cdktf(\/|$)|@cdktf\/provider-|constructs(\/|$))/.test(specifier);

describe('the deployment app', () => {
  it('imports AWS provider resources from their own paths, never the package root', () => {
    // Act
    const rootImports = sourcesUnder('terraform').flatMap((file) =>
      importsOf(file)
        .filter(
          (specifier) =>
            specifier.startsWith('@cdktf/provider-aws') && !/^@cdktf\/provider-aws\/lib\/[a-z0-9-]+$/.test(specifier),
        )
        .map((specifier) => `${file}: ${specifier}`),
    );

    // Assess
    expect(rootImports).toEqual([]);
  });

  it('is the only code that imports cdktf, apart from its tests', () => {
    // Prepare
    const folders = ['core', 'adapters', 'bot', 'lambdas', 'cli', 'bench', 'scripts'].filter((folder) =>
      existsSync(join(repoRoot, folder)),
    );

    // Act
    const outside = folders.flatMap((folder) =>
      sourcesUnder(folder).flatMap((file) =>
        importsOf(file)
          .filter(isCdktf)
          .map((specifier) => `${file}: ${specifier}`),
      ),
    );

    // Assess
    expect(outside).toEqual([]);
  });
});
