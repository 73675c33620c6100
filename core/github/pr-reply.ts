import type { Job } from '../jobs/job';
import { prCommandUsage } from './commands';

/** What became of one stack in a PR command. */
export interface StackResult {
  stack: string;
  ok: boolean;
  /** What happened, in words: `plan j-… started`, `locked by PR #12 (alice)`. */
  text: string;
  job?: Job;
}

/** The reply to a PR command: one line per stack, successes and refusals marked apart. */
export function renderStackResults(title: string, results: readonly StackResult[]): string {
  const lines = results.map((result) => `- ${result.ok ? '✅' : '⛔'} \`${result.stack}\`: ${result.text}`);
  return [`**infrabot** ${title}`, '', ...lines].join('\n');
}

/** A one-paragraph reply (a refusal that concerns the whole command). */
export function renderNotice(text: string): string {
  return `**infrabot**: ${text}`;
}

/** The reply to a comment that addresses infrabot but is not a command it knows. */
export function renderUsage(problem: string): string {
  return `**infrabot**: ${problem}. Commands:\n\n${prCommandUsage}`;
}
