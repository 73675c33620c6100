/**
 * The ID of the state lock terraform reported in its output ("Lock Info:" then "ID: …"), the last one when
 * there are several, or undefined when it printed none. `terraform force-unlock <ID>` needs it.
 */
export function stateLockId(log: string): string | undefined {
  const found = [...log.matchAll(/Lock Info:\s*\n\s*ID:\s+(\S+)/g)];
  return found.at(-1)?.[1];
}

/** What an interrupted apply may have left, and what to do about it, in words for the job's message. */
export function interruptedApplyAdvice(log: string | undefined): string {
  const id = log === undefined ? undefined : stateLockId(log);
  const unlock = id === undefined ? '`terraform force-unlock <lock id>`' : `\`terraform force-unlock ${id}\``;
  return (
    `the apply was interrupted: resources it created may be missing from the state, and the state may still be ` +
    `locked (${unlock}); plan the stack again before applying`
  );
}
