import type { DriftState } from '../../drift/drift-status';

type Drifted = Extract<DriftState, { kind: 'drifted' }>;

/** Lines listed per kind in an issue; the rest are counted. */
const listedMax = 50;

/** Markdown inline code that a backtick in an address cannot break out of. */
function code(text: string): string {
  return `\`${text.replace(/`/g, "'")}\``;
}

function listed(lines: readonly string[]): string[] {
  const shown = lines.slice(0, listedMax);
  if (lines.length > listedMax) shown.push(`- …and ${lines.length - listedMax} more`);
  return shown;
}

/** The title of a stack's drift issue: one open issue per stack is found again by it. */
export function driftIssueTitle(stack: string): string {
  return `Drift: ${stack}`;
}

/** The body of a stack's drift issue: what changed outside Terraform, what code is not applied, and the log. */
export function driftIssueBody(stack: string, state: Drifted, jobId: string, logUrl: string | undefined): string {
  const lines = [`infrabot's drift check \`${jobId}\` found that ${code(stack)} no longer matches its code.`, ''];
  if (state.outside.length > 0) {
    lines.push(`### Changed outside Terraform (${state.outside.length})`, '');
    const outside = state.outside.map((resource) => {
      const attributes = resource.attributes.length > 0 ? `: ${resource.attributes.map(code).join(', ')}` : '';
      return `- ${code(resource.address)} (${resource.action})${attributes}`;
    });
    lines.push(...listed(outside), '', 'Applying the code reverts these changes.', '');
  }
  if (state.pending.length > 0) {
    lines.push(`### Code not applied (${state.pending.length})`, '');
    lines.push(...listed(state.pending.map((change) => `- ${code(change.address)} (${change.action})`)), '');
  }
  if (logUrl) lines.push(`[Check log](${logUrl})`);
  return lines.join('\n').trimEnd();
}
