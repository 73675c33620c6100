import { AwsAdapterError } from './aws-error';

/** Where a secret is kept: Secrets Manager (name or ARN) or SSM Parameter Store (name or ARN, decrypted). */
export type SecretRef = { store: 'secretsmanager'; id: string } | { store: 'ssm'; name: string };

/** How long a secret read once is reused by a warm Lambda, in seconds. */
const cacheSeconds = 300;

/**
 * Reads a `<NAME>_FROM` reference: a Secrets Manager or SSM ARN, or `secretsmanager:<name>` / `ssm:<name>`.
 * Returns undefined for anything else.
 */
export function parseSecretRef(text: string): SecretRef | undefined {
  if (/^arn:aws[a-z-]*:secretsmanager:/.test(text)) return { store: 'secretsmanager', id: text };
  if (/^arn:aws[a-z-]*:ssm:/.test(text)) return { store: 'ssm', name: text };
  if (text.startsWith('secretsmanager:') && text.length > 15) return { store: 'secretsmanager', id: text.slice(15) };
  if (text.startsWith('ssm:') && text.length > 4) return { store: 'ssm', name: text.slice(4) };
  return undefined;
}

/** Fetches one secret from its store; the Powertools providers by default, a stand-in in tests. */
export type SecretFetcher = (ref: SecretRef) => Promise<string | undefined>;

/** Fetches through AWS Lambda Powertools Parameters, loading each provider (and its SDK client) on first use. */
export const powertoolsFetcher: SecretFetcher = async (ref) => {
  if (ref.store === 'secretsmanager') {
    const { getSecret } = await import('@aws-lambda-powertools/parameters/secrets');
    const value = await getSecret(ref.id, { maxAge: cacheSeconds });
    return typeof value === 'string' ? value : value && new TextDecoder().decode(value);
  }
  const { getParameter } = await import('@aws-lambda-powertools/parameters/ssm');
  return getParameter(ref.name, { decrypt: true, maxAge: cacheSeconds });
};

/**
 * Reads secrets by name (`SLACK_BOT_TOKEN`): the plain environment variable of that name when it is set
 * (local runs and tests), otherwise the secret that `<NAME>_FROM` points at.
 */
export class SecretReader {
  constructor(
    private readonly env: Readonly<Record<string, string | undefined>>,
    private readonly fetch: SecretFetcher = powertoolsFetcher,
  ) {}

  /** The secret, or a coded error saying which variables to set. */
  async read(name: string): Promise<string> {
    const value = await this.readOptional(name);
    if (value === undefined) {
      throw new AwsAdapterError(
        'secret_missing',
        `reading secret ${name}: set ${name}, or ${name}_FROM to a Secrets Manager or SSM ARN (or secretsmanager:<name>, ssm:<name>)`,
      );
    }
    return value;
  }

  /** The secret, or undefined when neither variable is set. */
  async readOptional(name: string): Promise<string | undefined> {
    const plain = this.env[name];
    if (plain !== undefined && plain !== '') return plain;
    const from = this.env[`${name}_FROM`];
    if (from === undefined || from === '') return undefined;
    const ref = parseSecretRef(from);
    if (!ref) {
      throw new AwsAdapterError(
        'secret_missing',
        `reading secret ${name}: ${name}_FROM must be a Secrets Manager or SSM ARN, secretsmanager:<name> or ssm:<name>`,
      );
    }
    try {
      const value = await this.fetch(ref);
      if (value === undefined || value === '') throw new Error('empty value');
      return value;
    } catch (error) {
      throw new AwsAdapterError('secret_missing', `reading secret ${name} from ${ref.store}`, error);
    }
  }
}
