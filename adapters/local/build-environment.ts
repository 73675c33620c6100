/**
 * The machine's variables a local build may see. A plan runs the Terraform of any branch, and Terraform code can
 * read its environment (an `external` data source), so a build starts from an allow-list, never from the bot's
 * environment: the bot's Slack and GitHub secrets, its AWS credentials and the store's path stay with the bot.
 */
const allowedNames: readonly string[] = [
  'PATH',
  'HOME',
  'USER',
  'LOGNAME',
  'LANG',
  'LANGUAGE',
  'TZ',
  'TMPDIR',
  'TERM',
  'HTTP_PROXY',
  'HTTPS_PROXY',
  'NO_PROXY',
  'ALL_PROXY',
  'http_proxy',
  'https_proxy',
  'no_proxy',
  'all_proxy',
  'SSL_CERT_FILE',
  'SSL_CERT_DIR',
  'CHECKPOINT_DISABLE',
];

/** Prefixes of allowed names: Terraform's own settings (`TF_CLI_CONFIG_FILE`, `TF_VAR_…`) and the locale. */
const allowedPrefixes: readonly string[] = ['TF_', 'LC_'];

/** The variable where the operator names more variables for builds: `AWS_PROFILE,GOOGLE_*`. */
export const BUILD_ENV_VARIABLE = 'INFRABOT_BUILD_ENV';

/** One entry of `INFRABOT_BUILD_ENV`: a variable name, or a prefix ending in `*`. */
export const buildEnvEntryPattern = /^[A-Za-z_][A-Za-z0-9_]*\*?$/;

/** Never passed to a build, whatever `INFRABOT_BUILD_ENV` says: the bot's Slack and GitHub secrets, its settings. */
export const forbiddenPrefixes: readonly string[] = ['SLACK_', 'GITHUB_', 'INFRABOT_'];

/** Whether a variable may reach a build, by the allow-list and the operator's `INFRABOT_BUILD_ENV` entries. */
function isAllowed(name: string, operatorEntries: readonly string[]): boolean {
  if (forbiddenPrefixes.some((prefix) => name.startsWith(prefix))) return false;
  if (allowedNames.includes(name) || allowedPrefixes.some((prefix) => name.startsWith(prefix))) return true;
  return operatorEntries.some((entry) => (entry.endsWith('*') ? name.startsWith(entry.slice(0, -1)) : name === entry));
}

/** The entries of `INFRABOT_BUILD_ENV` (comma-separated); malformed entries are refused by `infrabot serve`. */
export function operatorBuildEnv(env: NodeJS.ProcessEnv): string[] {
  return (env[BUILD_ENV_VARIABLE] ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => buildEnvEntryPattern.test(entry));
}

/**
 * The part of the machine's environment a build starts from. Never the machine's `INFRABOT_*` settings (the
 * store's path, the repository): the job's `INFRABOT_*` variables are added by the runner.
 */
export function buildEnvironment(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const operatorEntries = operatorBuildEnv(env);
  return Object.fromEntries(
    Object.entries(env).filter(([name, value]) => value !== undefined && isAllowed(name, operatorEntries)),
  );
}
