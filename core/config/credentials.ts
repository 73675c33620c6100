import type { JobAction } from '../jobs/job';
import type { StackConfig } from './schema';

/** A credential setting: one value for plans and applies alike, or one for each action. */
export type PerAction<T> = T | { plan: T; apply: T };

/** The credential a build of `action` gets from a setting. */
export function forAction<T>(value: PerAction<T>, action: JobAction): T {
  if (typeof value === 'object' && value !== null && 'plan' in value && 'apply' in value) return value[action];
  return value as T;
}

/**
 * The stack's credential settings given as one value, by path (`settings.github.privateKeySecret`): plan builds
 * of the stack then hold the credential its applies use, which can change the provider's resources.
 */
export function sharedCredentials(stack: StackConfig): string[] {
  const settings = stack.settings ?? {};
  const candidates: [string, PerAction<string> | undefined][] = [
    ['settings.github.privateKeySecret', settings.github?.privateKeySecret],
    ['settings.newrelic.apiKeySecret', settings.newrelic?.apiKeySecret],
    ['settings.google.serviceAccount', settings.google?.serviceAccount],
  ];
  return candidates.flatMap(([path, value]) => (typeof value === 'string' ? [path] : []));
}
