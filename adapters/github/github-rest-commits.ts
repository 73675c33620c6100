import type { Commits, RefLookup } from '../../core/ports';
import * as z from '../../core/zod';

export interface GitHubRestCommitsOptions {
  /** `owner/name` of the Terraform repository. */
  repository: string;
  /** The repository's default branch (`defaultBranch` of the config): commits it contains are on a branch. */
  defaultBranch?: string;
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

const BranchesWhereHead = z.array(z.looseObject({ name: z.string() }));
const Comparison = z.looseObject({ status: z.string() });
const Tags = z.array(z.looseObject({ commit: z.looseObject({ sha: z.string() }) }));

/** A GitHub answer: its body when found, undefined for 404 and 422 (no such ref or commit). */
type Answer = { found: true; body: string } | { found: false };

/**
 * Resolves refs through GitHub's REST API (`GET /repos/{owner}/{repo}/commits/{ref}` with the `sha` media
 * type), for the bot Lambda, which has no clone of the repository.
 */
export class GitHubRestCommits implements Commits {
  constructor(private readonly options: GitHubRestCommitsOptions) {}

  /** Asked of GitHub on every call (no cache), so a branch is always at its head; GitHub unavailable is an answer. */
  async resolve(ref: string): Promise<RefLookup> {
    if (ref.trim() === '' || ref.includes('..')) return { status: 'missing' };
    let answer: Answer;
    try {
      answer = await this.get(`commits/${encodeURIComponent(ref)}`, `resolving ref "${ref}"`, 'sha');
    } catch (error) {
      if (error instanceof GitHubCommitsError) return { status: 'unreachable', why: error.message };
      throw error;
    }
    const sha = answer.found ? answer.body.trim() : '';
    return /^[0-9a-f]{40}$/.test(sha) ? { status: 'found', sha } : { status: 'missing' };
  }

  /**
   * GitHub resolves a commit of any fork in the repository's network, so a resolved sha proves nothing. The
   * commit counts as on a branch or tag when it is the head of a branch (`branches-where-head`), the default
   * branch contains it (`compare`), or one of the latest 100 tags points at it. A commit inside another branch
   * (not its head) is not recognised: plan that branch by name.
   */
  async isOnBranchOrTag(sha: string): Promise<boolean> {
    if (!/^[0-9a-f]{40}$/.test(sha)) return false;
    const activity = `checking that ${sha.slice(0, 7)} is on a branch`;
    const heads = await this.get(`commits/${sha}/branches-where-head`, activity);
    if (heads.found && BranchesWhereHead.parse(JSON.parse(heads.body)).length > 0) return true;
    const base = encodeURIComponent(this.options.defaultBranch ?? 'main');
    const compared = await this.get(`compare/${sha}...${base}`, activity);
    const status = compared.found ? Comparison.parse(JSON.parse(compared.body)).status : undefined;
    if (status === 'ahead' || status === 'identical') return true;
    const tags = await this.get('tags?per_page=100', activity);
    return tags.found && Tags.parse(JSON.parse(tags.body)).some((tag) => tag.commit.sha === sha);
  }

  private async get(path: string, activity: string, media: 'sha' | 'json' = 'json'): Promise<Answer> {
    const base = (this.options.apiUrl ?? 'https://api.github.com').replace(/\/$/, '');
    const { token } = this.options;
    const bearer = typeof token === 'function' ? await token() : token;
    const headers: Record<string, string> = {
      accept: media === 'sha' ? 'application/vnd.github.sha' : 'application/vnd.github+json',
      'user-agent': 'infrabot',
      'x-github-api-version': '2022-11-28',
      ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
    };
    let response: Response;
    try {
      response = await fetch(`${base}/repos/${this.options.repository}/${path}`, { headers });
    } catch (error) {
      throw new GitHubCommitsError(`${activity} on GitHub: ${String(error)}`, { cause: error });
    }
    if (response.status === 404 || response.status === 422) return { found: false };
    if (!response.ok) throw new GitHubCommitsError(`${activity} on GitHub: status ${response.status}`);
    return { found: true, body: await response.text() };
  }
}
