import {
  commitMarker,
  markOutdated,
  overviewMarker,
  readMarkers,
  stackMarker,
  withCommitMarker,
} from '../../core/github/markers';
import type { StackComment } from '../../core/github/pull-request';
import type { GitHubClient } from './octokit';

interface IssueComment {
  id: number;
  node_id: string;
  body?: string;
  html_url: string;
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

function createComment(octokit: GitHubClient, repo: Repo, pr: number, body: string) {
  return octokit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', {
    ...repo,
    issue_number: pr,
    body,
  });
}

function updateComment(octokit: GitHubClient, repo: Repo, commentId: number, body: string) {
  return octokit.request('PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}', {
    ...repo,
    comment_id: commentId,
    body,
  });
}

/**
 * Creates the stack's comment for the commit, or updates it in place when one exists; then minimizes the
 * stack's comments of older commits (once: they are marked outdated afterwards).
 */
export async function upsertStackComment(
  octokit: GitHubClient,
  repo: Repo,
  comment: StackComment,
): Promise<{ url: string }> {
  const marker = stackMarker(comment.stack);
  const comments = (await listComments(octokit, repo, comment.pr)).filter((c) => c.body?.startsWith(marker));
  const body = withCommitMarker(comment.body, comment.sha);
  const current = comments.find((c) => c.body?.includes(commitMarker(comment.sha)));
  const url = current
    ? (await updateComment(octokit, repo, current.id, body)).data.html_url
    : (await createComment(octokit, repo, comment.pr, body)).data.html_url;
  const outdated = comments.filter((c) => {
    const markers = readMarkers(c.body ?? '');
    return markers.sha !== undefined && markers.sha !== comment.sha && !markers.outdated;
  });
  for (const old of outdated) await minimize(octokit, repo, old);
  return { url };
}

async function minimize(octokit: GitHubClient, repo: Repo, comment: IssueComment): Promise<void> {
  await octokit.graphql(minimizeMutation, { id: comment.node_id });
  await updateComment(octokit, repo, comment.id, markOutdated(comment.body ?? ''));
}

/** Creates the PR's overview comment, or updates the one there is. */
export async function upsertOverviewComment(
  octokit: GitHubClient,
  repo: Repo,
  pr: number,
  body: string,
): Promise<void> {
  const existing = (await listComments(octokit, repo, pr)).find((c) => c.body?.startsWith(overviewMarker));
  if (existing) await updateComment(octokit, repo, existing.id, body);
  else await createComment(octokit, repo, pr, body);
}
