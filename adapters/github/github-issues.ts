import type { IssueTracker } from '../../core/ports';
import type { GitHubClient } from './octokit';

/** The `IssueTracker` port over GitHub's REST API, for one repository's issues (drift issues). */
export class GitHubIssues implements IssueTracker {
  private readonly repo: { owner: string; repo: string };

  /** @param repository `owner/name` */
  constructor(
    private readonly octokit: GitHubClient,
    repository: string,
  ) {
    const [owner = '', repo = ''] = repository.split('/');
    this.repo = { owner, repo };
  }

  async findOpenIssue(title: string, label: string): Promise<number | undefined> {
    const issues = await this.octokit.paginate('GET /repos/{owner}/{repo}/issues', {
      ...this.repo,
      state: 'open',
      labels: label,
      per_page: 100,
    });
    return issues.find((issue) => issue.title === title && issue.pull_request === undefined)?.number;
  }

  async openIssue(issue: { title: string; body: string; label: string }): Promise<number> {
    const response = await this.octokit.request('POST /repos/{owner}/{repo}/issues', {
      ...this.repo,
      title: issue.title,
      body: issue.body,
      labels: [issue.label],
    });
    return response.data.number;
  }

  async updateIssue(issue: number, body: string): Promise<void> {
    await this.octokit.request('PATCH /repos/{owner}/{repo}/issues/{issue_number}', {
      ...this.repo,
      issue_number: issue,
      body,
    });
  }

  async closeIssue(issue: number, comment: string): Promise<void> {
    await this.octokit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', {
      ...this.repo,
      issue_number: issue,
      body: comment,
    });
    await this.octokit.request('PATCH /repos/{owner}/{repo}/issues/{issue_number}', {
      ...this.repo,
      issue_number: issue,
      state: 'closed',
    });
  }
}
