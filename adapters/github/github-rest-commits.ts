import type { Commits, RefResolution } from '../../core/ports';

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

/**
 * Resolves refs through GitHub's REST API (`GET /repos/{owner}/{repo}/commits/{ref}` with the `sha` media
 * type), for the bot Lambda, which has no clone of the repository.
 */
export class GitHubRestCommits implements Commits {
  constructor(private readonly options: GitHubRestCommitsOptions) {}

  /** Asks GitHub every time (no cache): an answer is as fresh as the branch on GitHub. */
  async resolve(ref: string): Promise<RefResolution> {
    if (ref.trim() === '' || ref.includes('..')) return { ok: false, reason: 'unknown_ref' };
    const base = (this.options.apiUrl ?? 'https://api.github.com').replace(/\/$/, '');
    const url = `${base}/repos/${this.options.repository}/commits/${encodeURIComponent(ref)}`;
    let response: Response;
    try {
      response = await fetch(url, { headers: await this.headers() });
    } catch (error) {
      return unreachable(`GitHub could not be reached: ${(error as Error).message}`);
    }
    if (response.status === 404 || response.status === 422) return { ok: false, reason: 'unknown_ref' };
    if (!response.ok) return unreachable(`GitHub answered ${response.status}`);
    const sha = (await response.text()).trim();
    return /^[0-9a-f]{40}$/.test(sha) ? { ok: true, sha } : unreachable('GitHub answered without a commit');
  }

  private async headers(): Promise<Record<string, string>> {
    const { token } = this.options;
    const bearer = typeof token === 'function' ? await token() : token;
    return {
      accept: 'application/vnd.github.sha',
      'user-agent': 'infrabot',
      'x-github-api-version': '2022-11-28',
      ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
    };
  }
}

function unreachable(why: string): RefResolution {
  return { ok: false, reason: 'repository_unreachable', why };
}
