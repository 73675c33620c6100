import type {
  CommitStatus,
  MarkedComment,
  PullRequestInfo,
  PullRequestReview,
  RepositoryPermission,
} from '../../core/github/pull-request';
import type { Issues, OpenIssue, PullRequests } from '../../core/ports';

/** A hand-written in-memory fake of the `PullRequests` and `Issues` ports: PRs the test declares, and everything posted. */
export class FakePullRequests implements PullRequests, Issues {
  /** Issues opened, with their state and the comments they got. */
  readonly issues: Array<{
    number: number;
    title: string;
    body: string;
    labels: string[];
    state: 'open' | 'closed';
    comments: string[];
  }> = [];
  readonly pulls = new Map<number, PullRequestInfo>();
  readonly reviews = new Map<number, PullRequestReview[]>();
  readonly files = new Map<number, string[]>();
  readonly permissions = new Map<string, RepositoryPermission>();
  readonly teams = new Map<string, string[]>();
  /** infrabot's comments on each PR as they stand, one per marker and commit. */
  readonly comments = new Map<number, MarkedComment[]>();
  /** Every comment created or changed, in order. */
  readonly commentWrites: Array<{ pr: number } & MarkedComment> = [];
  readonly statuses: CommitStatus[] = [];
  readonly labels = new Map<number, string[]>();
  readonly acknowledged: number[] = [];
  readonly replies: Array<{ pr: number; body: string }> = [];

  /** Declares an open PR at `headSha`; `overrides` change any field. */
  addPull(number: number, headSha: string, overrides: Partial<PullRequestInfo> = {}): PullRequestInfo {
    const pull: PullRequestInfo = {
      number,
      state: 'open',
      merged: false,
      draft: false,
      headSha,
      headRef: `feature-${number}`,
      baseRef: 'main',
      fromFork: false,
      author: 'alice',
      mergeable: true,
      mergeableState: 'clean',
      htmlUrl: `https://github.example/example-org/infra/pull/${number}`,
      ...overrides,
    };
    this.pulls.set(number, pull);
    return pull;
  }

  async getPullRequest(pr: number): Promise<PullRequestInfo | undefined> {
    return this.pulls.get(pr);
  }
  async listReviews(pr: number): Promise<PullRequestReview[]> {
    return this.reviews.get(pr) ?? [];
  }
  async listChangedFiles(pr: number): Promise<string[]> {
    return this.files.get(pr) ?? [];
  }
  async getPermission(login: string): Promise<RepositoryPermission> {
    return this.permissions.get(login) ?? 'none';
  }
  async isTeamMember(team: string, login: string): Promise<boolean> {
    return (this.teams.get(team) ?? []).includes(login);
  }
  async syncComments(pr: number, wanted: readonly MarkedComment[]): Promise<void> {
    const comments = this.comments.get(pr) ?? [];
    for (const comment of wanted) {
      const index = comments.findIndex((each) => each.marker === comment.marker && each.sha === comment.sha);
      if (comments[index]?.body === comment.body) continue;
      if (index === -1) comments.push(comment);
      else comments[index] = comment;
      this.commentWrites.push({ pr, ...comment });
    }
    this.comments.set(pr, comments);
  }
  /** The PR's comment under `marker`, the newest commit's. */
  comment(pr: number, marker: string): MarkedComment | undefined {
    return (this.comments.get(pr) ?? []).filter((each) => each.marker === marker).at(-1);
  }
  async setCommitStatus(status: CommitStatus, options: { unless?: () => Promise<boolean> } = {}): Promise<void> {
    if ((await options.unless?.()) === true) return;
    this.statuses.push(status);
  }
  async syncLabels(pr: number, wanted: readonly string[], managed: readonly string[]): Promise<void> {
    const kept = (this.labels.get(pr) ?? []).filter((label) => !managed.includes(label));
    this.labels.set(pr, [...kept, ...wanted]);
  }
  async acknowledgeComment(commentId: number): Promise<void> {
    this.acknowledged.push(commentId);
  }
  async reply(pr: number, body: string): Promise<void> {
    this.replies.push({ pr, body });
  }

  async listOpenIssues(label: string): Promise<OpenIssue[]> {
    return this.issues
      .filter((issue) => issue.state === 'open' && issue.labels.includes(label))
      .map(({ number, title }) => ({ number, title }));
  }
  async openIssue(issue: { title: string; body: string; labels: readonly string[] }): Promise<number> {
    const number = 900 + this.issues.length;
    this.issues.push({ number, ...issue, labels: [...issue.labels], state: 'open', comments: [] });
    return number;
  }
  async closeIssue(number: number, comment: string): Promise<void> {
    const issue = this.issues.find((each) => each.number === number);
    if (!issue) return;
    issue.comments.push(comment);
    issue.state = 'closed';
  }
}
