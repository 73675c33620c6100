import type { Commits } from '../ports';
import { type Outcome, refuse } from './refusal';

/**
 * The commit `ref` is at now, or why it cannot be known: no such ref, or the repository could not be asked
 * (then nothing may go ahead on an older answer).
 */
export async function resolveRef(ref: string, commits: Commits): Promise<Outcome<{ sha: string }>> {
  const resolved = await commits.resolve(ref);
  if (resolved.ok) return { ok: true, sha: resolved.sha };
  if (resolved.reason === 'unknown_ref') return refuse({ reason: 'unknown_ref', ref });
  return refuse({ reason: 'repository_unreachable', ref, why: resolved.why });
}
