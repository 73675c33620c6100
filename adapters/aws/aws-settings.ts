import * as z from '../../core/zod';

/** What each Lambda needs from its environment. */
export type SettingsNeed = 'artifacts' | 'projects' | 'dispatcher';

/** The Lambdas' settings, parsed from environment variables (see docs/aws.md). */
export interface AwsSettings {
  /** INFRABOT_CONFIG: the path of infrabot.yaml. */
  configPath: string;
  /** INFRABOT_TABLE */
  table: string;
  /** INFRABOT_ARTIFACTS_BUCKET */
  bucket?: string;
  /** INFRABOT_BUILD_PROJECT_PREFIX: the deployment's name prefix, which names each stack's projects. */
  projectPrefix?: string;
  /** INFRABOT_DISPATCHER_FUNCTION */
  dispatcherFunction?: string;
}

type FieldOf = { artifacts: 'bucket'; projects: 'projectPrefix'; dispatcher: 'dispatcherFunction' };
/** The settings with the fields that `needs` asked for present. */
export type SettingsWith<N extends SettingsNeed> = AwsSettings & Required<Pick<AwsSettings, FieldOf[N]>>;

/** The Lambda's environment lacks or misnames something; the message lists every variable at fault. */
export class SettingsError extends Error {
  override name = 'SettingsError';
  readonly code = 'settings_invalid';
}

const setting = (name: string) =>
  z.string({ error: `${name} is not set` }).check(z.trim(), z.minLength(1, { error: `${name} is empty` }));

const variablesFor: Record<SettingsNeed, readonly string[]> = {
  artifacts: ['INFRABOT_ARTIFACTS_BUCKET'],
  projects: ['INFRABOT_BUILD_PROJECT_PREFIX'],
  dispatcher: ['INFRABOT_DISPATCHER_FUNCTION'],
};

/** Variables of shared projects per provider, replaced by each stack's own projects: say so to whoever sets them. */
function retired(env: Readonly<Record<string, string | undefined>>, needs: readonly SettingsNeed[]): string[] {
  if (!needs.includes('projects')) return [];
  const set = Object.keys(env).filter((name) => /^INFRABOT_(PLAN|APPLY)_PROJECT(_[A-Z]+)?$/.test(name));
  if (set.length === 0) return [];
  return [
    `${set.sort().join(', ')} ${set.length === 1 ? 'is' : 'are'} no longer read: every stack has its own plan and apply project, named from INFRABOT_BUILD_PROJECT_PREFIX`,
  ];
}

/**
 * Reads the settings a Lambda needs from its environment. INFRABOT_TABLE is always needed; `needs` adds the
 * bucket, the CodeBuild project prefix or the dispatcher function. Throws one SettingsError naming every problem.
 */
export function readAwsSettings<N extends SettingsNeed>(
  env: Readonly<Record<string, string | undefined>>,
  needs: readonly N[],
  defaultConfigPath: string,
): SettingsWith<N> {
  const wants = (need: SettingsNeed) => (needs as readonly SettingsNeed[]).includes(need);
  const names = ['INFRABOT_TABLE', ...needs.flatMap((need) => variablesFor[need])];
  const schema = z.object(Object.fromEntries(names.map((name) => [name, setting(name)])));
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = [...parsed.error.issues.map((issue) => issue.message), ...retired(env, needs)].join('; ');
    throw new SettingsError(`the environment is incomplete: ${problems} (see docs/aws.md)`);
  }
  const value = (name: string) => parsed.data[name] as string;
  const settings: AwsSettings = {
    configPath: env.INFRABOT_CONFIG?.trim() || defaultConfigPath,
    table: value('INFRABOT_TABLE'),
    ...(wants('artifacts') ? { bucket: value('INFRABOT_ARTIFACTS_BUCKET') } : {}),
    ...(wants('projects') ? { projectPrefix: value('INFRABOT_BUILD_PROJECT_PREFIX') } : {}),
    ...(wants('dispatcher') ? { dispatcherFunction: value('INFRABOT_DISPATCHER_FUNCTION') } : {}),
  };
  return settings as SettingsWith<N>;
}

/**
 * INFRABOT_QUEUED_TIMEOUT_SECONDS, in milliseconds: how long a job may stay queued before the notifier's sweep
 * fails it (the deployment derives it from the bot's and the dispatcher's timeouts and the dispatcher's maximum
 * event age, see docs/aws.md); `fallbackMs` when unset. At least 5 minutes: a shorter one would fail jobs that
 * the dispatcher is still starting.
 */
export function readQueuedTimeoutMs(env: Readonly<Record<string, string | undefined>>, fallbackMs: number): number {
  const raw = env.INFRABOT_QUEUED_TIMEOUT_SECONDS?.trim();
  if (raw === undefined || raw === '') return fallbackMs;
  const seconds = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(seconds >= 300)) {
    throw new SettingsError(
      `INFRABOT_QUEUED_TIMEOUT_SECONDS is "${raw}": expected a whole number of seconds, at least 300 (see docs/aws.md)`,
    );
  }
  return seconds * 1000;
}
