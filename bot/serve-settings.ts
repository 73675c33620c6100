import { buildEnvEntryPattern, forbiddenPrefixes } from '../adapters/local/build-environment';
import * as z from '../core/zod';

/** How to get each setting, shown when it is missing or malformed. */
const hints: Record<string, string> = {
  SLACK_SIGNING_SECRET:
    'the Signing Secret under Basic Information → App Credentials of your Slack app (https://api.slack.com/apps); create the app from slack/manifest.yml',
  SLACK_BOT_TOKEN:
    'the Bot User OAuth Token (xoxb-…) under OAuth & Permissions, after installing the app to your workspace',
  SLACK_APP_TOKEN:
    'an app-level token (xapp-…) with connections:write, under Basic Information → App-Level Tokens; only for Socket Mode',
  SLACK_API_URL: 'a URL such as https://slack.com/api/ (GovSlack: https://slack-gov.com/api/); leave unset for Slack',
  PORT: 'a TCP port number such as 3000',
  INFRABOT_REPO_DIR: 'the path of a local clone of your Terraform repository (git clone <repository> ~/infra)',
  INFRABOT_RUNNER: '"local" (builds on this machine) or "codebuild"',
  INFRABOT_BUILD_ENV:
    'comma-separated names (or prefixes ending in *) of variables local builds may see, such as AWS_PROFILE,GOOGLE_*; never SLACK_*, GITHUB_* or INFRABOT_*',
  INFRABOT_PUBLIC_URL:
    'the address people reach this bot at, such as https://infrabot.example.com (job pages link there)',
  INFRABOT_CONSOLE: "1 to serve the operators' console on 127.0.0.1 beside Slack, 0 or unset for none",
  INFRABOT_CONSOLE_PORT: 'the loopback port of the console beside Slack, such as 3001',
};

/** `AWS_PROFILE, GOOGLE_*`: names or prefixes, none of the bot's own (see adapters/local/build-environment.ts). */
const BuildEnvSchema = z.string().check(
  z.refine(
    (value) =>
      value
        .split(',')
        .map((entry) => entry.trim())
        .every((entry) => buildEnvEntryPattern.test(entry) && !forbiddenPrefixes.some((p) => entry.startsWith(p))),
    { error: 'expected names such as AWS_PROFILE,GOOGLE_*, none starting with SLACK_, GITHUB_ or INFRABOT_' },
  ),
);

const ServeEnvSchema = z.object({
  SLACK_SIGNING_SECRET: z.string().check(z.minLength(1)),
  SLACK_BOT_TOKEN: z.string().check(z.regex(/^xox[bp]-/, { error: 'expected a token starting with xoxb-' })),
  SLACK_APP_TOKEN: z.optional(z.string().check(z.regex(/^xapp-/, { error: 'expected a token starting with xapp-' }))),
  SLACK_API_URL: z.optional(z.url()),
  PORT: z._default(z.coerce.number().check(z.int(), z.gte(0), z.lte(65_535)), 3000),
  INFRABOT_CONFIG: z._default(z.string().check(z.minLength(1)), 'infrabot.yaml'),
  INFRABOT_STATE: z._default(z.string().check(z.minLength(1)), '.infrabot/state.db'),
  INFRABOT_REPO_DIR: z.optional(z.string().check(z.minLength(1))),
  INFRABOT_RUNNER: z._default(z.enum(['local', 'codebuild']), 'local'),
  INFRABOT_BUILD_ENV: z.optional(BuildEnvSchema),
  INFRABOT_PUBLIC_URL: z.optional(z.url({ protocol: /^https?$/ })),
  INFRABOT_CONSOLE: z.pipe(
    z._default(z.enum(['0', '1']), '0'),
    z.transform((value) => value === '1'),
  ),
  INFRABOT_CONSOLE_PORT: z._default(z.coerce.number().check(z.int(), z.gte(0), z.lte(65_535)), 3001),
});

export type ServeSettings = z.infer<typeof ServeEnvSchema>;

/** Settings that stop `infrabot serve` from starting; the message names every variable and how to get it. */
export class SettingsError extends Error {
  override name = 'SettingsError';
  readonly code = 'invalid_settings';
}

function describeIssue(issue: z.core.$ZodIssue, env: NodeJS.ProcessEnv): string {
  const name = String(issue.path[0] ?? '');
  const missing = env[name] === undefined || env[name] === '';
  const what = missing && issue.code !== 'custom' ? 'is not set' : `is not valid (${issue.message})`;
  const hint = hints[name];
  return `  ${name} ${what}${hint ? `: ${hint}` : ''}`;
}

/** Reads `infrabot serve`'s settings from the environment (empty strings count as unset). */
export function readServeSettings(env: NodeJS.ProcessEnv): ServeSettings {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = ServeEnvSchema.safeParse(present);
  const lines = parsed.success ? [] : parsed.error.issues.map((issue) => describeIssue(issue, env));
  // Checked apart from the schema so that it is reported together with every other problem.
  if ((present.INFRABOT_RUNNER ?? 'local') === 'local' && !present.INFRABOT_REPO_DIR) {
    lines.push(`  INFRABOT_REPO_DIR is not set (the local runner needs it): ${hints.INFRABOT_REPO_DIR}`);
  }
  const { INFRABOT_CONSOLE: console, INFRABOT_CONSOLE_PORT: consolePort, PORT: port } = parsed.data ?? {};
  if (console && port !== 0 && consolePort === port) {
    lines.push(`  INFRABOT_CONSOLE_PORT is PORT (${port}): the console needs a port of its own, such as 3001`);
  }
  if (parsed.success && lines.length === 0) return parsed.data;
  throw new SettingsError(`serve cannot start; fix these settings (see .env.example):\n${lines.join('\n')}`);
}
