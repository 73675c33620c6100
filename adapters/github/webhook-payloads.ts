import { z } from 'zod';

/** The parts of an `issue_comment` delivery infrabot reads. */
export const IssueCommentPayload = z.looseObject({
  action: z.string(),
  issue: z.looseObject({
    number: z.number().int().positive(),
    /** Present only when the issue is a pull request. */
    pull_request: z.looseObject({}).optional(),
  }),
  comment: z.looseObject({
    id: z.number().int(),
    body: z.string().nullable().default(''),
    user: z.looseObject({ login: z.string(), type: z.string().optional() }),
  }),
  repository: z.looseObject({ full_name: z.string() }),
});

/** The parts of a `pull_request` delivery infrabot reads. */
export const PullRequestPayload = z.looseObject({
  action: z.string(),
  number: z.number().int().positive(),
  pull_request: z.looseObject({
    head: z.looseObject({ sha: z.string().regex(/^[0-9a-f]{40}$/) }),
  }),
  sender: z.looseObject({ login: z.string() }),
  repository: z.looseObject({ full_name: z.string() }),
});
