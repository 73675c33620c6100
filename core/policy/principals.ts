import type { Directory } from '../ports';

/**
 * Whether a Slack user is one of `principals`: listed by user ID, or a member of a listed `@group`.
 * Groups are only resolved when the user is not listed directly.
 */
export async function isAmong(userId: string, principals: readonly string[], directory: Directory): Promise<boolean> {
  if (principals.includes(userId)) return true;
  for (const principal of principals) {
    if (!principal.startsWith('@')) continue;
    const members = await directory.membersOf(principal.slice(1));
    if (members.includes(userId)) return true;
  }
  return false;
}
