/**
 * What an apply that was stopped before Terraform could finish on its own may have left behind, and what to do
 * about it. Terraform prints its state lock's ID (`Lock Info:` then `ID: …`) when it fails to take or to release
 * the lock; that ID is what `terraform force-unlock` needs.
 */

const lockInfo = /Lock Info:\s*\n\s*ID:\s+([^\s]+)/g;

/** The last state-lock ID Terraform printed in a build's log, if any. */
export function lockIdInLog(log: string | undefined): string | undefined {
  return [...(log ?? '').matchAll(lockInfo)].at(-1)?.[1];
}

/** The words added to the end of an apply that was stopped without Terraform ending by itself. */
export function stoppedApplyNotice(lockId: string | undefined): string {
  const unlock =
    lockId === undefined
      ? 'the state may still be locked: if so, run `terraform force-unlock <lock ID>` in the stack (the ID is in the error a new plan shows)'
      : `the state may still be locked: if so, run \`terraform force-unlock ${lockId}\` in the stack`;
  return (
    `Terraform was stopped before it could finish, so resources it was changing may be missing from the state and ${unlock}; ` +
    'then plan again before applying'
  );
}
