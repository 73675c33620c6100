import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { Construct } from 'constructs';
import type { FunctionName } from '../bundles';
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
export const secretsReadBy: Record<FunctionName, readonly SecretName[]> = {
  // Verifies Slack and GitHub signatures, answers in Slack and on PRs.
  bot: secretNames,
  // Says in Slack or on the PR that a job could not start.
  dispatcher: ['SLACK_BOT_TOKEN', 'GITHUB_APP_PRIVATE_KEY', 'GITHUB_TOKEN'],
  // Posts results to Slack and the PR.
  notifier: ['SLACK_BOT_TOKEN', 'GITHUB_APP_PRIVATE_KEY', 'GITHUB_TOKEN'],
  // Posts and updates the /cdn and /logs messages.
  'selfservice-worker': ['SLACK_BOT_TOKEN'],
};

/** The secrets this deployment uses: Slack's always, GitHub's by `github.auth`. */
export function secretsUsed(inputs: DeployInputs): SecretName[] {
  const github: Record<DeployInputs['github']['auth'], SecretName[]> = {
    app: ['GITHUB_APP_PRIVATE_KEY', 'GITHUB_WEBHOOK_SECRET'],
    token: ['GITHUB_TOKEN', 'GITHUB_WEBHOOK_SECRET'],
    none: [],
  };
  return ['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET', ...github[inputs.github.auth]];
}

/**
 * The Secrets Manager secrets, created empty: no secret version is declared here, so no value ever reaches
 * Terraform state. Values are set out of band with `aws secretsmanager put-secret-value`. A secret is named
 * `<prefix>/<NAME>`; a Lambda finds it through `<NAME>_FROM`, set to the secret's ARN.
 */
export class Secrets extends Construct {
  readonly byName: Partial<Record<SecretName, SecretsmanagerSecret>>;
  readonly prefix: string;

  constructor(scope: Construct, id: string, { inputs }: { inputs: DeployInputs }) {
    super(scope, id);
    this.prefix = `${inputs.namePrefix}/`;
    const entries = secretsUsed(inputs).map((name) => {
      const secret = new SecretsmanagerSecret(this, name.toLowerCase(), {
        name: `${this.prefix}${name}`,
        description: `infrabot ${name}; set its value with aws secretsmanager put-secret-value`,
        recoveryWindowInDays: inputs.secrets.recoveryWindowDays,
        kmsKeyId: inputs.secrets.kmsKeyArn,
      });
      return [name, secret] as const;
    });
    this.byName = Object.fromEntries(entries);
  }

  /** The secrets a Lambda reads, by name. */
  readBy(reader: keyof typeof secretsReadBy): [SecretName, SecretsmanagerSecret][] {
    return secretsReadBy[reader].flatMap((name) => {
      const secret = this.byName[name];
      return secret ? [[name, secret] as [SecretName, SecretsmanagerSecret]] : [];
    });
  }

  /** The ARNs of the secrets a Lambda reads. */
  arnsFor(reader: keyof typeof secretsReadBy): string[] {
    return this.readBy(reader).map(([, secret]) => secret.arn);
  }

  /** `<NAME>_FROM` variables pointing a Lambda at the secrets it reads. */
  variablesFor(reader: keyof typeof secretsReadBy): Record<string, string> {
    return Object.fromEntries(this.readBy(reader).map(([name, secret]) => [`${name}_FROM`, secret.arn]));
  }
}
