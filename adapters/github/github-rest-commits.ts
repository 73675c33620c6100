import type { Commits } from '../../core/ports';

export interface GitHubRestCommitsOptions {
  /** `owner/name` of the Terraform repository. */
  repository: string;
  /**
   * A token that may read the repository's contents (a fixed token, or a GitHub App installation's token,
   * fetched per request); anonymous (public repositories only) when absent.
   */
  token?: string | (() => Promise<string>);
  /** GitHub's REST API, or GitHub Enterprise's (`https://github.example.com/api/v3`). */
  apiUrl?: string;
}

/** GitHub could not be asked; the message names the ref and the status. */
export class GitHubCommitsError extends Error {
  override name = 'GitHubCommitsError';
  readonly code = 'github_unavailable';
}

/**
 * Resolves refs through GitHub's REST API (`GET /repos/{owner}/{repo}/commits/{ref}` with the `sha` media
 * type), for the bot Lambda, which has no clone of the repository.
 */
export class GitHubRestCommits implements Commits {
  constructor(private readonly options: GitHubRestCommitsOptions) {}

  async resolve(ref: string): Promise<string | undefined> {
    if (ref.trim() === '' || ref.includes('..')) return undefined;
    const base = (this.options.apiUrl ?? 'https://api.github.com').replace(/\/$/, '');
    const url = `${base}/repos/${this.options.repository}/commits/${encodeURIComponent(ref)}`;
    const { token } = this.options;
    const bearer = typeof token === 'function' ? await token() : token;
    const headers: Record<string, string> = {
      accept: 'application/vnd.github.sha',
      'user-agent': 'infrabot',
      'x-github-api-version': '2022-11-28',
      ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
    };
    let response: Response;
    try {
      response = await fetch(url, { headers });
    } catch (error) {
      throw new GitHubCommitsError(`resolving ref "${ref}" on GitHub: ${String(error)}`, { cause: error });
    }
    if (response.status === 404 || response.status === 422) return undefined;
    if (!response.ok) throw new GitHubCommitsError(`resolving ref "${ref}" on GitHub: status ${response.status}`);
    const sha = (await response.text()).trim();
    return /^[0-9a-f]{40}$/.test(sha) ? sha : undefined;
  }
}
