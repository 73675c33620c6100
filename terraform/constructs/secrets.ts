import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { Construct } from 'constructs';
import type { DeployInputs } from '../inputs';

/**
 * The secrets the Lambdas read, by the environment variable name the code also accepts for local runs.
 * GitHub credentials are either an App private key or a token: set the one you use.
 */
export const secretNames = [
  'SLACK_BOT_TOKEN',
  'SLACK_SIGNING_SECRET',
  'GITHUB_APP_PRIVATE_KEY',
  'GITHUB_TOKEN',
  'GITHUB_WEBHOOK_SECRET',
] as const;
export type SecretName = (typeof secretNames)[number];

/** Which Lambda reads which secret. */
export const secretsReadBy: Record<'bot' | 'dispatcher' | 'notifier', readonly SecretName[]> = {
  // Verifies Slack and GitHub signatures, answers in Slack and on PRs.
  bot: secretNames,
  // Says in Slack or on the PR that a job could not start.
  dispatcher: ['SLACK_BOT_TOKEN', 'GITHUB_APP_PRIVATE_KEY', 'GITHUB_TOKEN'],
  // Posts results to Slack and the PR.
  notifier: ['SLACK_BOT_TOKEN', 'GITHUB_APP_PRIVATE_KEY', 'GITHUB_TOKEN'],
};

/**
 * The Secrets Manager secrets, created empty: no secret version is declared here, so no value ever reaches
 * Terraform state. Values are set out of band with `aws secretsmanager put-secret-value`. A secret is named
 * `<prefix>/<NAME>`; the Lambdas get the prefix in `INFRABOT_SECRETS_PREFIX`.
 */
export class Secrets extends Construct {
  readonly byName: Record<SecretName, SecretsmanagerSecret>;
  readonly prefix: string;

  constructor(scope: Construct, id: string, { inputs }: { inputs: DeployInputs }) {
    super(scope, id);
    this.prefix = `${inputs.namePrefix}/`;
    const entries = secretNames.map((name) => {
      const secret = new SecretsmanagerSecret(this, name.toLowerCase(), {
        name: `${this.prefix}${name}`,
        description: `infrabot ${name}; set its value with aws secretsmanager put-secret-value`,
        recoveryWindowInDays: inputs.secrets.recoveryWindowDays,
        kmsKeyId: inputs.secrets.kmsKeyArn,
      });
      return [name, secret] as const;
    });
    this.byName = Object.fromEntries(entries) as Record<SecretName, SecretsmanagerSecret>;
  }

  /** The ARNs of the secrets a Lambda reads. */
  arnsFor(reader: keyof typeof secretsReadBy): string[] {
    return secretsReadBy[reader].map((name) => this.byName[name].arn);
  }
}
