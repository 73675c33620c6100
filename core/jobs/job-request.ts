import { z } from 'zod';
import { StackNameSchema } from '../config/schema';

/**
 * The request the bot hands to the dispatcher (in process locally, an asynchronous Lambda invoke on AWS).
 * Extra fields are allowed so that newer bots can talk to older dispatchers.
 *
 * @example
 * {"jobId":"j-lx2k3-ab12","action":"plan","stack":"aws/prod/network","sha":"<40 hex>","pr":12,
 *  "requestedBy":{"source":"slack","id":"U012ABCDEF"},"reply":{"channel":"C0123ABC","ts":"1700000000.000100"}}
 */
export const JobRequestSchema = z.looseObject({
  jobId: z.string().regex(/^j-[a-z0-9-]{4,64}$/, { error: 'expected a job id such as j-lx2k3-ab12' }),
  action: z.enum(['plan', 'apply']),
  stack: StackNameSchema,
  sha: z.string().regex(/^[0-9a-f]{40}$/, { error: 'expected a 40-character commit sha' }),
  ref: z.string().optional(),
  pr: z.number().int().positive().optional(),
  planJobId: z.string().optional(),
  requestedBy: z.object({
    source: z.enum(['slack', 'github', 'actions']),
    id: z.string().min(1),
    name: z.string().optional(),
  }),
  reply: z.object({ channel: z.string().min(1), ts: z.string().min(1) }).optional(),
});
export type JobRequest = z.infer<typeof JobRequestSchema>;
