import { StackNameSchema } from '../config/schema';

/** The commands a PR comment can give. */
export type PrCommandName = 'plan' | 'apply' | 'unlock';

/** What a PR comment asks for. */
export type ParsedPrComment =
  /** Not addressed to infrabot: say nothing. */
  | { kind: 'ignore' }
  /** Addressed to infrabot but not understood: answer with the usage and why. */
  | { kind: 'usage'; problem: string }
  /** `stacks` empty means every stack the PR affects. */
  | { kind: 'command'; name: PrCommandName; stacks: string[] };

/** How PR comment commands are written, for replies. */
export const prCommandUsage = [
  '`/tf plan [stack…]`: plan the given stacks, or every stack this PR affects',
  '`/tf apply [stack…]`: apply the plans made at the PR head',
  '`/tf unlock [stack…]`: release the locks this PR holds',
].join('\n');

const commandNames: readonly string[] = ['plan', 'apply', 'unlock'];

/**
 * Reads a PR comment. Only a comment whose first non-empty line starts with `/tf` is a command;
 * any further lines are free text and ignored.
 *
 * @example parsePrComment('/tf plan aws/prod/network') // { kind: 'command', name: 'plan', stacks: ['aws/prod/network'] }
 */
export function parsePrComment(body: string): ParsedPrComment {
  const firstLine = body.split(/\r?\n/).find((line) => line.trim() !== '') ?? '';
  const words = firstLine.trim().split(/\s+/);
  if (words[0] !== '/tf') return { kind: 'ignore' };
  const [, name, ...stacks] = words;
  if (name === undefined) return { kind: 'usage', problem: 'the command is missing' };
  if (!commandNames.includes(name)) return { kind: 'usage', problem: `"${name}" is not a command` };
  const unique = [...new Set(stacks)];
  const invalid = unique.filter((stack) => !StackNameSchema.safeParse(stack).success);
  if (invalid.length > 0) {
    return { kind: 'usage', problem: `${invalid.map((stack) => `"${stack}"`).join(', ')} is not a stack name` };
  }
  return { kind: 'command', name: name as PrCommandName, stacks: unique };
}
