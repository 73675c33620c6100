import { type Document, LineCounter, parseDocument } from 'yaml';
import { closestNames } from '../stacks/closest-names';
import type * as z from '../zod';
import { type ConfigError, formatPath } from './config-error';
import { defaultIssueMessage } from './issue-message';
import { type Config, ConfigSchema } from './schema';
import { knownKeysAt } from './schema-keys';
import { positionOf } from './yaml-position';

/** The outcome of reading a configuration: the validated config with its defaults, or every problem found. */
export type ParseConfigResult = { ok: true; config: Config } | { ok: false; errors: ConfigError[] };

function yamlErrors(doc: Document, source: string): ConfigError[] {
  return doc.errors.map((error) => {
    const start = error.linePos?.[0];
    const message = error.message.split(' at line ')[0] ?? error.message;
    return {
      kind: 'yaml',
      source,
      path: '',
      message: `invalid YAML: ${message}`,
      line: start?.line,
      column: start?.col,
    };
  });
}

function unknownKeyErrors(issue: z.core.$ZodIssueUnrecognizedKeys, doc: Document, lines: LineCounter, source: string) {
  const known = knownKeysAt(ConfigSchema, issue.path);
  return issue.keys.map((key): ConfigError => {
    const [suggestion] = closestNames(key, known, 1);
    const hint = suggestion ? ` (did you mean "${suggestion}"?)` : '';
    const position = positionOf(doc, lines, issue.path, key);
    return {
      kind: 'schema',
      source,
      path: formatPath(issue.path),
      message: `unknown key "${key}"${hint}`,
      ...toFields(position),
    };
  });
}

function toFields(position: { line: number; column: number } | undefined): Pick<ConfigError, 'line' | 'column'> {
  return position ? { line: position.line, column: position.column } : {};
}

function issueErrors(issues: readonly z.core.$ZodIssue[], doc: Document, lines: LineCounter, source: string) {
  return issues.flatMap((issue): ConfigError[] => {
    if (issue.code === 'unrecognized_keys') return unknownKeyErrors(issue, doc, lines, source);
    // A missing key is "required" whatever the schema calls the value it expects.
    const message = issue.code === 'invalid_type' && issue.input === undefined ? 'required' : issue.message;
    const position = positionOf(doc, lines, issue.path);
    return [{ kind: 'schema', source, path: formatPath(issue.path), message, ...toFields(position) }];
  });
}

function byPosition(a: ConfigError, b: ConfigError): number {
  return (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0);
}

/**
 * Parses and validates the text of an `infrabot.yaml`. Pure: the caller reads the file.
 * @param text the YAML text
 * @param source where it came from (a file name), carried by every error for messages
 * @returns the config with every default filled in, or every problem found: YAML syntax errors with their
 *   line and column, then schema errors as `<path>: <message>` (see `formatConfigError`), in file order.
 */
export function parseConfig(text: string, source: string): ParseConfigResult {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) return { ok: false, errors: yamlErrors(doc, source) };
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 1_000 });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, errors: [{ kind: 'yaml', source, path: '', message: `invalid YAML: ${message}` }] };
  }
  if (data === null || data === undefined) {
    return {
      ok: false,
      errors: [
        { kind: 'schema', source, path: '', message: 'the file is empty; expected at least "repository" and "stacks"' },
      ],
    };
  }
  const result = ConfigSchema.safeParse(data, { reportInput: true, error: defaultIssueMessage });
  if (result.success) return { ok: true, config: result.data };
  const errors = issueErrors(result.error.issues, doc, lines, source);
  return { ok: false, errors: errors.sort(byPosition) };
}
