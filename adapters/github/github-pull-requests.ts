import type { Endpoints } from '@octokit/types';
import { maxStatusDescription } from '../../core/github/commit-status';
import type {
  CommitStatus,
  MarkedComment,
  PullRequestInfo,
  PullRequestReview,
  RepositoryPermission,
} from '../../core/github/pull-request';
import type { Issues, OpenIssue, PullRequests } from '../../core/ports';
import { GitHubIssues } from './github-issues';
import type { GitHubClient } from './octokit';
import { syncComments } from './pr-comments';
import { prLane } from './write-pacer';

const permissions: readonly string[] = ['admin', 'maintain', 'write', 'triage', 'read', 'none'];

/** The `PullRequests` and `Issues` ports over the GitHub REST and GraphQL APIs, for one repository. */
export class GitHubPullRequests implements PullRequests, Issues {
  private readonly repo: { owner: string; repo: string };
  private readonly issues: GitHubIssues;

  /**
   * @param repository `owner/name`
   * @param mergeableWaitMs how long to wait before asking again while GitHub computes `mergeable`.
   */
  constructor(
    private readonly octokit: GitHubClient,
    repository: string,
    private readonly mergeableWaitMs = 1000,
  ) {
    const [owner = '', repo = ''] = repository.split('/');
    this.repo = { owner, repo };
    this.issues = new GitHubIssues(octokit, repository);
  }

  async getPullRequest(pr: number): Promise<PullRequestInfo | undefined> {
    for (let attempt = 0; ; attempt += 1) {
      const data = await this.octokit
        .request('GET /repos/{owner}/{repo}/pulls/{pull_number}', { ...this.repo, pull_number: pr })
        .then((response) => response.data, ifNotFound(undefined));
      if (!data) return undefined;
      if (data.mergeable !== null || data.state !== 'open' || attempt >= 2) return toInfo(data);
      await new Promise((resolve) => setTimeout(resolve, this.mergeableWaitMs));
    }
  }

  async listReviews(pr: number): Promise<PullRequestReview[]> {
    const reviews = await this.octokit.paginate('GET /repos/{owner}/{repo}/pulls/{pull_number}/reviews', {
      ...this.repo,
      pull_number: pr,
      per_page: 100,
    });
    return reviews.map((review) => ({
      login: review.user?.login ?? '',
      state: review.state as PullRequestReview['state'],
      commitSha: review.commit_id ?? '',
      ...(review.submitted_at ? { submittedAt: review.submitted_at } : {}),
    }));
  }

  async listChangedFiles(pr: number): Promise<string[]> {
    const files = await this.octokit.paginate('GET /repos/{owner}/{repo}/pulls/{pull_number}/files', {
      ...this.repo,
      pull_number: pr,
      per_page: 100,
    });
    const paths = files.flatMap((file) =>
      file.previous_filename ? [file.filename, file.previous_filename] : [file.filename],
    );
    return [...new Set(paths)];
  }

  async getPermission(login: string): Promise<RepositoryPermission> {
    const data = await this.octokit
      .request('GET /repos/{owner}/{repo}/collaborators/{username}/permission', { ...this.repo, username: login })
      .then((response) => response.data, ifNotFound(undefined));
    if (!data) return 'none';
    const role = data.role_name;
    return (permissions.includes(role) ? role : data.permission) as RepositoryPermission;
  }

  async isTeamMember(team: string, login: string): Promise<boolean> {
    const [org = '', teamSlug = ''] = team.split('/');
    const data = await this.octokit
      .request('GET /orgs/{org}/teams/{team_slug}/memberships/{username}', {
        org,
        team_slug: teamSlug,
        username: login,
      })
      .then((response) => response.data, ifNotFound(undefined));
    return data?.state === 'active';
  }

  syncComments(pr: number, wanted: readonly MarkedComment[]): Promise<void> {
    return syncComments(this.octokit, this.repo, pr, wanted);
  }

  /** A status still waiting to be sent is replaced by a newer one of the same commit and context. */
  async setCommitStatus(status: CommitStatus, options: { unless?: () => Promise<boolean> } = {}): Promise<void> {
    await this.octokit.request('POST /repos/{owner}/{repo}/statuses/{sha}', {
      ...this.repo,
      sha: status.sha,
      context: status.context,
      state: status.state,
      description: status.description.slice(0, maxStatusDescription),
      ...(status.targetUrl ? { target_url: status.targetUrl } : {}),
      request: {
        lane: status.pr === undefined ? `sha#${status.sha}` : prLane(status.pr),
        coalesce: `status#${status.sha}#${status.context}`,
        ...(options.unless ? { unless: options.unless } : {}),
      },
    });
  }

  async syncLabels(pr: number, wanted: readonly string[], managed: readonly string[]): Promise<void> {
    const current = (
      await this.octokit.paginate('GET /repos/{owner}/{repo}/issues/{issue_number}/labels', {
        ...this.repo,
        issue_number: pr,
        per_page: 100,
      })
    ).map((label) => label.name);
    const missing = wanted.filter((label) => !current.includes(label));
    const stale = current.filter((label) => managed.includes(label) && !wanted.includes(label));
    const request = { lane: prLane(pr) };
    if (missing.length > 0)
      await this.octokit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/labels', {
        ...this.repo,
        issue_number: pr,
        labels: missing,
        request,
      });
    for (const name of stale) {
      await this.octokit
        .request('DELETE /repos/{owner}/{repo}/issues/{issue_number}/labels/{name}', {
          ...this.repo,
          issue_number: pr,
          name,
          request,
        })
        .catch(ifNotFound(undefined));
    }
  }

  async acknowledgeComment(commentId: number): Promise<void> {
    await this.octokit.request('POST /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions', {
      ...this.repo,
      comment_id: commentId,
      content: 'eyes',
    });
  }

  async reply(pr: number, body: string): Promise<void> {
    await this.octokit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', {
      ...this.repo,
      issue_number: pr,
      body,
      request: { lane: prLane(pr) },
    });
  }

  async listOpenIssues(label: string): Promise<OpenIssue[]> {
    const issues = await this.octokit.paginate('GET /repos/{owner}/{repo}/issues', {
      ...this.repo,
      state: 'open',
      labels: label,
      per_page: 100,
    });
    return issues
      .filter((issue) => issue.pull_request === undefined)
      .map((issue) => ({ number: issue.number, title: issue.title }));
  }

  async openIssue(issue: { title: string; body: string; labels: readonly string[] }): Promise<number> {
    const created = await this.octokit.request('POST /repos/{owner}/{repo}/issues', {
      ...this.repo,
      title: issue.title,
      body: issue.body,
      labels: [...issue.labels],
    });
    return created.data.number;
  }

  /** Closes an issue as drift's issues are closed: one way to close an issue for the whole bot. */
  async closeIssue(issue: number, comment: string): Promise<void> {
    await this.issues.closeIssue(issue, comment);
  }
}

function ifNotFound<T>(value: T): (error: unknown) => T {
  return (error) => {
    if ((error as { status?: number }).status === 404) return value;
    throw error;
  };
}

type PullData = Endpoints['GET /repos/{owner}/{repo}/pulls/{pull_number}']['response']['data'];

/** A head in another repository than the base, or in one that was deleted (GitHub then gives no head repo). */
function isFromFork(data: PullData): boolean {
  const head = data.head.repo?.full_name?.toLowerCase();
  return head === undefined || head !== data.base.repo?.full_name?.toLowerCase();
}

function toInfo(data: PullData): PullRequestInfo {
  return {
    number: data.number,
    state: data.state === 'open' ? 'open' : 'closed',
    merged: data.merged,
    draft: data.draft ?? false,
    headSha: data.head.sha,
    headRef: data.head.ref,
    baseRef: data.base.ref,
    fromFork: isFromFork(data),
    author: data.user.login,
    mergeable: data.mergeable,
    mergeableState: data.mergeable_state,
    htmlUrl: data.html_url,
  };
}
