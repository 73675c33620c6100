import { commitMarker, markOutdated, readMarkers, withCommitMarker } from '../../core/github/markers';
import type { MarkedComment } from '../../core/github/pull-request';
import type { GitHubClient } from './octokit';
import { prLane } from './write-pacer';

interface IssueComment {
  id: number;
  node_id: string;
  body?: string;
}

type Repo = { owner: string; repo: string };

const minimizeMutation = `mutation($id: ID!) {
  minimizeComment(input: { subjectId: $id, classifier: OUTDATED }) { minimizedComment { isMinimized } }
}`;

/** Every comment of a PR, all pages. */
async function listComments(octokit: GitHubClient, repo: Repo, pr: number): Promise<IssueComment[]> {
  return octokit.paginate('GET /repos/{owner}/{repo}/issues/{issue_number}/comments', {
    ...repo,
    issue_number: pr,
    per_page: 100,
  });
}

/** The first line of a body: infrabot's marker, when it is one of infrabot's comments. */
function firstLine(body: string | undefined): string {
  const text = body ?? '';
  const newline = text.indexOf('\n');
  return newline === -1 ? text : text.slice(0, newline);
}

/** What one wanted comment means for the comments there are: the one to update, and those to minimize. */
function matchComment(existing: readonly IssueComment[], wanted: MarkedComment) {
  const same = existing.filter((comment) => firstLine(comment.body) === wanted.marker);
  if (wanted.sha === undefined) return { current: same[0], outdated: [] };
  const sha = wanted.sha;
  const current = same.find((comment) => comment.body?.includes(commitMarker(sha)));
  const outdated = same.filter((comment) => {
    const markers = readMarkers(comment.body ?? '');
    return markers.sha !== undefined && markers.sha !== sha && !markers.outdated;
  });
  return { current, outdated };
}

/**
 * Brings infrabot's comments on the PR to `wanted` with one read of the PR's comments: each is created, or
 * updated in place when the body changed; older commits' comments of the same marker are minimized once (they
 * are marked outdated afterwards). Every write goes in the PR's lane of the write pacer.
 */
export async function syncComments(
  octokit: GitHubClient,
  repo: Repo,
  pr: number,
  wanted: readonly MarkedComment[],
): Promise<void> {
  if (wanted.length === 0) return;
  const existing = await listComments(octokit, repo, pr);
  const request = { lane: prLane(pr) };
  for (const comment of wanted) {
    const body = comment.sha === undefined ? comment.body : withCommitMarker(comment.body, comment.sha);
    const { current, outdated } = matchComment(existing, comment);
    if (!current) {
      await octokit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', {
        ...repo,
        issue_number: pr,
        body,
        request,
      });
    } else if (current.body !== body) {
      await updateComment(octokit, repo, pr, current.id, body);
    }
    for (const old of outdated) {
      await octokit.graphql(minimizeMutation, { id: old.node_id, request });
      await updateComment(octokit, repo, pr, old.id, markOutdated(old.body ?? ''));
    }
  }
}

function updateComment(octokit: GitHubClient, repo: Repo, pr: number, commentId: number, body: string) {
  return octokit.request('PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}', {
    ...repo,
    comment_id: commentId,
    body,
    request: { lane: prLane(pr) },
  });
}
