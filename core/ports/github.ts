import type {
  CommitStatus,
  MarkedComment,
  PullRequestInfo,
  PullRequestReview,
  RepositoryPermission,
} from '../github/pull-request';
import type { ModuleGraphReport } from '../stacks/module-graph';

/** The GitHub calls infrabot makes on the configured repository's pull requests. */
export interface PullRequests {
  /** The PR, or undefined when there is no such PR. */
  getPullRequest(pr: number): Promise<PullRequestInfo | undefined>;
  listReviews(pr: number): Promise<PullRequestReview[]>;
  /** Every path the PR changes (both sides of a rename), relative to the repository root. */
  listChangedFiles(pr: number): Promise<string[]>;
  getPermission(login: string): Promise<RepositoryPermission>;
  /** Whether `login` is an active member of the team `org/team`. */
  isTeamMember(team: string, login: string): Promise<boolean>;
  /**
   * Brings infrabot's comments on the PR to `wanted`, reading the PR's comments once: each is created, or
   * updated in place where the comment with its marker (at its commit) exists, and left alone when it already
   * reads the same; comments with the same marker for older commits are minimized as outdated.
   */
  syncComments(pr: number, wanted: readonly MarkedComment[]): Promise<void>;
  /**
   * Sets a commit status once GitHub's write limits allow; one still waiting is replaced by a newer one of the
   * same commit and context. `unless` is asked just before it is sent (its turn may come minutes later): true
   * drops it.
   */
  setCommitStatus(status: CommitStatus, options?: { unless?: () => Promise<boolean> }): Promise<void>;
  /** Adds the `wanted` labels that are missing and removes the `managed` ones that are not wanted. */
  syncLabels(pr: number, wanted: readonly string[], managed: readonly string[]): Promise<void>;
  /** Reacts to a PR comment with eyes, to say the command was seen. */
  acknowledgeComment(commentId: number): Promise<void>;
  /** Posts a new comment on the PR. */
  reply(pr: number, body: string): Promise<void>;
}

/** An open issue of the repository, as infrabot finds its own. */
export interface OpenIssue {
  number: number;
  title: string;
}

/** The GitHub issues infrabot opens when something needs people: an apply that failed after its PR merged. */
export interface Issues {
  /** The repository's open issues (not pull requests) that carry `label`. */
  listOpenIssues(label: string): Promise<OpenIssue[]>;
  /** Opens an issue with the labels; returns its number. */
  openIssue(issue: { title: string; body: string; labels: readonly string[] }): Promise<number>;
  /** Comments on an issue, then closes it. */
  closeIssue(issue: number, comment: string): Promise<void>;
}

/** GitHub issues of the configured repository, for drift (one issue per drifted stack). */
export interface IssueTracker {
  /** The number of the open issue with exactly this title and this label, if there is one. */
  findOpenIssue(title: string, label: string): Promise<number | undefined>;
  openIssue(issue: { title: string; body: string; label: string }): Promise<number>;
  updateIssue(issue: number, body: string): Promise<void>;
  /** Comments on the issue, then closes it. */
  closeIssue(issue: number, comment: string): Promise<void>;
}

/** Reads which local modules Terraform directories call, from a checkout of the repository. */
export interface ModuleGraphReader {
  /**
   * Reads the `module` blocks of each directory in `dirs` and, transitively, of the local modules they call.
   * With `touched` (see `touchedDirs`), the graph may leave out edges that cannot matter: it must hold every
   * edge into a directory that reaches a touched one. A directory of `dirs` that does not exist is reported as
   * `missing_dir` and has no entry in the graph.
   */
  readModuleGraph(dirs: readonly string[], touched?: ReadonlySet<string>): Promise<ModuleGraphReport>;
  /** Which of `dirs` do not exist in the checkout. */
  missingDirs(dirs: readonly string[]): Promise<string[]>;
}
