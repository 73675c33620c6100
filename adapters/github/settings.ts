import * as z from '../../core/zod';

/** A setting that is missing or malformed; the message names each variable and how to fix it. */
export class GitHubSettingsError extends Error {
  override name = 'GitHubSettingsError';
  readonly code = 'github_settings_invalid';
}

const optionalText = z.pipe(
  z.optional(z.string()),
  z.transform((value) => (value === undefined || value.trim() === '' ? undefined : value)),
);

const EnvSchema = z.object({
  GITHUB_APP_ID: z.pipe(
    optionalText,
    z.optional(z.string().check(z.regex(/^\d+$/, { error: 'expected the numeric App ID' }))),
  ),
  GITHUB_APP_PRIVATE_KEY: z.pipe(
    optionalText,
    z.optional(
      z.string().check(z.includes('PRIVATE KEY', { error: 'expected the PEM private key of the GitHub App' })),
    ),
  ),
  GITHUB_TOKEN: optionalText,
  GITHUB_API_URL: z.pipe(
    optionalText,
    z.optional(z.url({ error: 'expected the API base URL, e.g. https://api.github.com' })),
  ),
  GITHUB_WEBHOOK_SECRET: optionalText,
  INFRABOT_OIDC_ISSUER: z.pipe(
    optionalText,
    z.optional(z.url({ error: 'expected the issuer URL of the OIDC tokens' })),
  ),
  INFRABOT_OIDC_AUDIENCE: optionalText,
});

export type GitHubAuth = { kind: 'app'; appId: string; privateKey: string } | { kind: 'token'; token: string };

/** How infrabot talks to GitHub and checks what GitHub sends it. */
export interface GitHubSettings {
  auth: GitHubAuth;
  apiUrl: string;
  /** Absent when PR comment commands are not set up. */
  webhookSecret?: string;
  oidc: { issuer: string; audience?: string };
}

export const defaultApiUrl = 'https://api.github.com';
export const defaultOidcIssuer = 'https://token.actions.githubusercontent.com';

/**
 * Reads the GitHub settings from the environment: a GitHub App (`GITHUB_APP_ID` + `GITHUB_APP_PRIVATE_KEY`)
 * or a token (`GITHUB_TOKEN`). Returns undefined when neither is set (GitHub is then not used).
 * @throws GitHubSettingsError naming every malformed variable.
 */
export function readGitHubSettings(env: Record<string, string | undefined>): GitHubSettings | undefined {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new GitHubSettingsError(`GitHub settings are invalid:\n${lines.join('\n')}`);
  }
  const vars = parsed.data;
  const auth = authFrom(vars);
  if (!auth) return undefined;
  return {
    auth,
    apiUrl: (vars.GITHUB_API_URL ?? defaultApiUrl).replace(/\/+$/, ''),
    ...(vars.GITHUB_WEBHOOK_SECRET ? { webhookSecret: vars.GITHUB_WEBHOOK_SECRET } : {}),
    oidc: {
      issuer: vars.INFRABOT_OIDC_ISSUER ?? defaultOidcIssuer,
      ...(vars.INFRABOT_OIDC_AUDIENCE ? { audience: vars.INFRABOT_OIDC_AUDIENCE } : {}),
    },
  };
}

function authFrom(vars: z.infer<typeof EnvSchema>): GitHubAuth | undefined {
  if (vars.GITHUB_APP_ID && vars.GITHUB_APP_PRIVATE_KEY) {
    // Keys pasted into one-line variables often carry literal "\n".
    return { kind: 'app', appId: vars.GITHUB_APP_ID, privateKey: vars.GITHUB_APP_PRIVATE_KEY.replace(/\\n/g, '\n') };
  }
  if (vars.GITHUB_APP_ID || vars.GITHUB_APP_PRIVATE_KEY) {
    const missing = vars.GITHUB_APP_ID ? 'GITHUB_APP_PRIVATE_KEY' : 'GITHUB_APP_ID';
    throw new GitHubSettingsError(
      `${missing} is missing: a GitHub App needs both GITHUB_APP_ID and GITHUB_APP_PRIVATE_KEY (from the App's settings page)`,
    );
  }
  if (vars.GITHUB_TOKEN) return { kind: 'token', token: vars.GITHUB_TOKEN };
  return undefined;
}
