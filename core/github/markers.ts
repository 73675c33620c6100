/**
 * Hidden markers in infrabot's PR comments. The plan comment starts with `<!-- infrabot:stack=NAME -->`
 * (from the markdown renderer); infrabot adds the commit as a second marker so that results for an older
 * commit can be told apart and minimized.
 */

/** GitHub's limit on a comment body. */
export const maxCommentLength = 65_536;

/** The first line of the PR's overview comment. */
export const overviewMarker = '<!-- infrabot:overview -->';

/** The first line of a stack's plan comment (written by the plan renderer). */
export function stackMarker(stack: string): string {
  return `<!-- infrabot:stack=${stack} -->`;
}

/** The commit a stack comment belongs to; `outdated` once it has been minimized. */
export function commitMarker(sha: string, outdated = false): string {
  return `<!-- infrabot:sha=${sha}${outdated ? ' outdated' : ''} -->`;
}

/** What a comment's markers say about it. */
export interface CommentMarkers {
  stack?: string;
  sha?: string;
  /** Set once infrabot has minimized the comment as outdated. */
  outdated: boolean;
  overview: boolean;
}

/** Reads infrabot's markers from a comment body; an ordinary comment has none. */
export function readMarkers(body: string): CommentMarkers {
  const stack = /<!-- infrabot:stack=([^\s]+) -->/.exec(body)?.[1];
  const commit = /<!-- infrabot:sha=([0-9a-f]{40})( outdated)? -->/.exec(body);
  return {
    ...(stack ? { stack } : {}),
    ...(commit?.[1] ? { sha: commit[1] } : {}),
    outdated: commit?.[2] !== undefined,
    overview: body.startsWith(overviewMarker),
  };
}

/**
 * Puts the commit marker on the line after the comment's marker (or first, when there is none) and keeps the
 * whole body within GitHub's limit.
 */
export function withCommitMarker(body: string, sha: string): string {
  const marker = commitMarker(sha);
  const newline = body.indexOf('\n');
  const first = newline === -1 ? body : body.slice(0, newline);
  const marked = first.startsWith('<!-- infrabot:')
    ? `${first}\n${marker}${newline === -1 ? '' : body.slice(newline)}`
    : `${marker}\n${body}`;
  return fitComment(marked);
}

/** Marks a comment's body as outdated (after it was minimized), so it is not minimized again. */
export function markOutdated(body: string): string {
  return body.replace(/<!-- infrabot:sha=([0-9a-f]{40}) -->/, (_all, sha: string) => commitMarker(sha, true));
}

/** Cuts a body that exceeds GitHub's limit, saying so at the end. */
export function fitComment(body: string): string {
  if (body.length <= maxCommentLength) return body;
  const note = '\n\n… (cut to fit GitHub’s comment limit; see the log for everything)';
  return body.slice(0, maxCommentLength - note.length) + note;
}
