import { capture } from './run-process';

/**
 * What the bot's own `git` calls see of its environment: what git needs to find itself, its configuration and a
 * remote (a proxy, an SSH agent, CA certificates), never the bot's Slack or GitHub secrets. A hook or helper that
 * somehow ran would find nothing worth taking.
 */
const ALLOWED =
  /^(PATH|HOME|USER|LOGNAME|LANG|LC_[A-Z]+|TZ|TMPDIR|XDG_CONFIG_HOME|SSH_AUTH_SOCK|GIT_SSH|GIT_SSH_COMMAND|GIT_SSL_CAINFO|SSL_CERT_FILE|SSL_CERT_DIR|(HTTPS?|NO|ALL)_PROXY|(https?|no|all)_proxy)$/;

/**
 * Settings given on every call, over any a configuration file sets: no hooks and no file-system monitor command.
 * Builds cannot write git's configuration files (the home directory and the clone are read-only to them); these
 * keep a checkout from running anyone's code outside the sandbox all the same.
 */
const HARDENED = ['core.hooksPath=/dev/null', 'core.fsmonitor=false'].flatMap((setting) => ['-c', setting]);

/** The bot's environment for git: only the allow-listed variables, with prompts off. */
export function gitEnvironment(env: NodeJS.ProcessEnv, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const allowed = Object.entries(env).filter(([name]) => ALLOWED.test(name));
  return { ...Object.fromEntries(allowed), GIT_TERMINAL_PROMPT: '0', ...extra };
}

/** Runs one of the bot's own git commands on `repoDir`, hardened as above; a non-zero exit is a value. */
export function botGit(repoDir: string, args: readonly string[], extra: NodeJS.ProcessEnv = {}) {
  return capture('git', [...HARDENED, ...args], repoDir, gitEnvironment(process.env, extra));
}
