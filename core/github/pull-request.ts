/**
 * What infrabot knows about a pull request and its repository, as the `PullRequests` port reports it.
 * Plain data: the GitHub adapter fills it in, the domain decides on it.
 */

/** A pull request at the moment it was read. */
export interface PullRequestInfo {
  number: number;
  state: 'open' | 'closed';
  merged: boolean;
  draft: boolean;
  /** The 40-hex commit at the PR's head. */
  headSha: string;
  headRef: string;
  baseRef: string;
  /** The head branch lives in another repository (a fork), or that repository was deleted. */
  fromFork: boolean;
  /** Login of the PR's author. */
  author: string;
  /** GitHub's verdict; `null` while GitHub is still computing it. */
  mergeable: boolean | null;
  /** GitHub's `mergeable_state`: `clean`, `unstable`, `has_hooks`, `blocked`, `behind`, `dirty`, `draft`, `unknown`. */
  mergeableState: string;
  htmlUrl: string;
}

/** One submitted review of a PR. */
export interface PullRequestReview {
  login: string;
  state: 'APPROVED' | 'CHANGES_REQUESTED' | 'COMMENTED' | 'DISMISSED' | 'PENDING';
  /** The commit the review was made on. */
  commitSha: string;
  submittedAt?: string;
}

/** A person's permission on the repository, from the strongest down. */
export type RepositoryPermission = 'admin' | 'maintain' | 'write' | 'triage' | 'read' | 'none';

/** Whether a permission lets its holder push (and so drive infrabot from a PR). */
export function canWrite(permission: RepositoryPermission): boolean {
  return permission === 'admin' || permission === 'maintain' || permission === 'write';
}

/** The states GitHub allows for a commit status. */
export type CommitState = 'pending' | 'success' | 'failure' | 'error';

/** A commit status, as branch protection sees it. */
export interface CommitStatus {
  sha: string;
  /** The PR the status reports on, so that its writes take turns with other PRs'. */
  pr?: number;
  /** e.g. `infrabot/plan: aws/prod/network`. */
  context: string;
  state: CommitState;
  /** At most 140 characters (longer text is cut by the adapter). */
  description: string;
  /** The log of the job. */
  targetUrl?: string;
}

/** One of infrabot's comments on a PR, as it should read. */
export interface MarkedComment {
  /**
   * The hidden first line by which the comment is found and updated (a stack's, the overview's, a part of the
   * combined comment's); the body starts with it.
   */
  marker: string;
  /**
   * The commit the comment reports: its comment is updated only at the same commit, and comments with the
   * same marker for older commits are minimized as outdated. Absent for a comment that spans commits.
   */
  sha?: string;
  body: string;
}

/** Labels infrabot manages on a PR; any other label is left alone. */
export const managedLabels = ['infrabot:destroy', 'infrabot:risky', 'infrabot:changes', 'infrabot:no-changes'] as const;
/** One of infrabot's labels. */
export type ManagedLabel = (typeof managedLabels)[number];
