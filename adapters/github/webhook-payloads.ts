import * as z from '../../core/zod';

/** The parts of an `issue_comment` delivery infrabot reads. */
export const IssueCommentPayload = z.looseObject({
  action: z.string(),
  issue: z.looseObject({
    number: z.number().check(z.int(), z.positive()),
    /** Present only when the issue is a pull request. */
    pull_request: z.optional(z.looseObject({})),
  }),
  comment: z.looseObject({
    id: z.number().check(z.int()),
    created_at: z.string(),
    body: z._default(z.nullable(z.string()), ''),
    user: z.looseObject({ login: z.string(), type: z.optional(z.string()) }),
  }),
  repository: z.looseObject({ full_name: z.string() }),
});

/** The parts of a `pull_request` delivery infrabot reads. */
export const PullRequestPayload = z.looseObject({
  action: z.string(),
  number: z.number().check(z.int(), z.positive()),
  pull_request: z.looseObject({
    head: z.looseObject({
      sha: z.string().check(z.regex(/^[0-9a-f]{40}$/)),
      /** Null when the fork was deleted. */
      repo: z.nullable(z.looseObject({ full_name: z.string() })),
    }),
    updated_at: z.optional(z.string()),
    merged: z.optional(z.nullable(z.boolean())),
    /** The commit a merge left on the base branch; set once the PR merged. */
    merge_commit_sha: z.optional(z.nullable(z.string().check(z.regex(/^[0-9a-f]{40}$/)))),
  }),
  sender: z.looseObject({ login: z.string() }),
  repository: z.looseObject({ full_name: z.string() }),
});
