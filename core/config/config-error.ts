/** One problem found in a configuration file. */
export interface ConfigError {
  /** `yaml` for a syntax error (the file is not YAML), `schema` for a value the configuration does not accept. */
  kind: 'yaml' | 'schema';
  /** The file (or other source) the configuration came from, as given to `parseConfig`. */
  source: string;
  /** Where in the configuration, such as `stacks[2].roles.apply`; empty for YAML syntax errors and the top level. */
  path: string;
  /** What was wrong and what was expected, lowercase, e.g. `expected one of aws, google, github, newrelic`. */
  message: string;
  /** 1-based line in the file, when known. */
  line?: number;
  /** 1-based column in the file, when known. */
  column?: number;
}

const plainKey = /^[A-Za-z_$][\w$-]*$/;

/** A zod issue path written the way a user reads it: `stacks[2].roles.apply`, `logs.presets[0].params[1]`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (plainKey.test(String(segment))) text += text === '' ? String(segment) : `.${String(segment)}`;
    else text += `[${JSON.stringify(String(segment))}]`;
  }
  return text;
}

/**
 * `<path>: <message>`, e.g. `stacks[2].roles.apply: expected an IAM role ARN (arn:aws:iam::<account>:role/<name>)`.
 * YAML syntax errors read `line 3, column 5: invalid YAML: <message>`; top-level errors are just the message.
 */
export function formatConfigError(error: ConfigError): string {
  if (error.kind === 'yaml' && error.line !== undefined) {
    return `line ${error.line}, column ${error.column ?? 1}: ${error.message}`;
  }
  return error.path === '' ? error.message : `${error.path}: ${error.message}`;
}

/**
 * The error with its file position in front, as compilers print it (editors and CI make it a link):
 * `infrabot.yaml:14:9: stacks[2].roles.apply: expected an IAM role ARN (…)`.
 */
export function formatConfigErrorAt(error: ConfigError): string {
  if (error.line === undefined) return `${error.source}: ${formatConfigError(error)}`;
  const where = `${error.source}:${error.line}:${error.column ?? 1}`;
  return error.path === '' ? `${where}: ${error.message}` : `${where}: ${error.path}: ${error.message}`;
}
