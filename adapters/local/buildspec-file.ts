import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { type Buildspec, parseBuildspec } from '../../core/buildspec/buildspec';
import type { JobAction } from '../../core/jobs/job';

/** A buildspec file that is missing or not valid. */
export class BuildspecError extends Error {
  override readonly name = 'BuildspecError';
  readonly code = 'invalid_buildspec';
}

/** Reads and validates `<dir>/plan.yml` or `<dir>/apply.yml`. */
export async function loadBuildspec(dir: string, action: JobAction): Promise<Buildspec> {
  const path = join(dir, `${action}.yml`);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    throw new BuildspecError(`reading the buildspec ${path} failed: is buildspecDir right?`, { cause });
  }
  let document: unknown;
  try {
    document = parse(text);
  } catch (cause) {
    throw new BuildspecError(`${path} is not valid YAML: ${(cause as Error).message}`, { cause });
  }
  const parsed = parseBuildspec(document);
  if (!parsed.ok) throw new BuildspecError(`${path}: ${parsed.error}`);
  return parsed.buildspec;
}
