import type { Directory } from '../ports';

/**
 * Whether a Slack user is one of `principals`: listed by user ID (`U012ABCDEF`) or a member of a listed
 * user group (`@developers`, resolved through the directory, which caches briefly).
 */
export async function isAllowed(userId: string, principals: readonly string[], directory: Directory): Promise<boolean> {
  if (principals.includes(userId)) return true;
  for (const principal of principals) {
    if (!principal.startsWith('@')) continue;
    const members = await directory.membersOf(principal.slice(1));
    if (members.includes(userId)) return true;
  }
  return false;
}
