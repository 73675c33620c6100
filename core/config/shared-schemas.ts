import { parseDuration } from '../time/duration';
import * as z from '../zod';

/** Schemas and checks shared by the sections of `infrabot.yaml`. */

/** A Slack user ID (`U012ABCDEF`) or a user-group handle (`@sre`). */
export const SlackPrincipalSchema = z.string().check(
  z.regex(/^([UW][A-Z0-9]{2,}|@[a-z0-9][a-z0-9._-]*)$/, {
    error: 'expected a Slack user ID (U012ABCDEF) or a user-group handle (@sre)',
  }),
);

const durationMessage = 'expected a duration such as 30s, 15m, 24h or 7d';

/** A duration such as `30s`, `15m`, `24h` or `7d`, kept as milliseconds. */
export const DurationSchema = z.pipe(
  z.string({ error: durationMessage }).check(z.regex(/^\s*(\d+[smhd])+\s*$/, { error: durationMessage })),
  z.transform((text: string, ctx) => {
    const ms = parseDuration(text);
    if (ms === undefined) {
      // The mini transform's context has no addIssue: the issue goes on the payload as classic's addIssue put it.
      ctx.issues.push({ code: 'custom', message: durationMessage, input: text });
      return z.NEVER;
    }
    return ms;
  }),
);

/**
 * Adds a "duplicate" issue for every item whose `key` (`name` unless given) repeats an earlier item's, naming the first one.
 * Items that are not objects with a string `name` (already reported by their own schema) are skipped.
 */
export function reportDuplicateNames(
  items: unknown,
  label: string,
  listPath: (string | number)[],
  ctx: z.core.$RefinementCtx,
  key = 'name',
): void {
  if (!Array.isArray(items)) return;
  const seen = new Map<string, number>();
  items.forEach((item: unknown, index) => {
    const value = typeof item === 'object' && item !== null ? (item as Record<string, unknown>)[key] : undefined;
    if (typeof value !== 'string') return;
    const first = seen.get(value);
    if (first === undefined) {
      seen.set(value, index);
      return;
    }
    const listName = String(listPath[listPath.length - 1]);
    ctx.addIssue({
      code: 'custom',
      path: [...listPath, index, key],
      message: `duplicate ${label} "${value}" (already used by ${listName}[${first}])`,
    });
  });
}

/** Runs a whole-object check even when a sibling field failed, so that every problem is reported at once. */
export const always = { when: () => true };
