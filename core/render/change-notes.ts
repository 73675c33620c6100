import type { ChangeAction, OutputChange, ResourceChange } from '../plan/summary';

/** Words shared by the renderers for what happens to a change, an output or a drifted resource. */

/** The notes after an address (names only, never values), each already formatted by `code`. */
export function changeNotes(change: ResourceChange, code: (text: string) => string): string[] {
  const notes: string[] = [];
  if (change.replaceReasons && change.replaceReasons.length > 0) {
    notes.push(`forced by ${change.replaceReasons.map(code).join(', ')}`);
  }
  if (change.keepsExisting) notes.push('the existing object is kept, only removed from state');
  if (change.deposed) notes.push(`deposed object ${code(change.deposed)}`);
  if (change.imported) notes.push('imported');
  if (change.movedFrom) notes.push(`moved from ${code(change.movedFrom)}`);
  return notes;
}

const driftWords: Partial<Record<ChangeAction, string>> = { update: 'changed', delete: 'deleted', create: 'created' };

/** What happened to a resource outside Terraform, e.g. `changed` or `deleted`. */
export function driftWord(action: ChangeAction): string {
  return driftWords[action] ?? action;
}

const outputWords: Partial<Record<ChangeAction, string>> = {
  create: 'added',
  update: 'changed',
  delete: 'removed',
  replace: 'changed',
};

/** What happens to an output, e.g. `changed (sensitive)`; never its value. */
export function outputWord(output: OutputChange): string {
  const word = outputWords[output.action] ?? output.action;
  return output.sensitive ? `${word} (sensitive)` : word;
}
