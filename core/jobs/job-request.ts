import { StackNameSchema } from '../config/schema';
import * as z from '../zod';

/**
 * The request the bot hands to the dispatcher (in process locally, an asynchronous Lambda invoke on AWS).
 * Extra fields are allowed so that newer bots can talk to older dispatchers.
 *
 * @example
 * {"jobId":"j-lx2k3-ab12","action":"plan","stack":"aws/prod/network","sha":"<40 hex>","pr":12,
 *  "requestedBy":{"source":"slack","id":"U012ABCDEF"},"reply":{"channel":"C0123ABC","ts":"1700000000.000100"}}
 */
export const JobRequestSchema = z.looseObject({
  jobId: z.string().check(z.regex(/^j-[a-z0-9-]{4,64}$/, { error: 'expected a job id such as j-lx2k3-ab12' })),
  action: z.enum(['plan', 'apply']),
  kind: z.optional(z.enum(['drift'])),
  stack: StackNameSchema,
  sha: z.string().check(z.regex(/^[0-9a-f]{40}$/, { error: 'expected a 40-character commit sha' })),
  ref: z.optional(z.string()),
  pr: z.optional(z.number().check(z.int(), z.positive())),
  planJobId: z.optional(z.string()),
  requestedBy: z.object({
    source: z.enum(['slack', 'github', 'actions', 'schedule']),
    id: z.string().check(z.minLength(1)),
    name: z.optional(z.string()),
    triggeredBy: z.optional(z.string()),
  }),
  reply: z.optional(z.object({ channel: z.string().check(z.minLength(1)), ts: z.string().check(z.minLength(1)) })),
});
export type JobRequest = z.infer<typeof JobRequestSchema>;
