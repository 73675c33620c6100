import * as z from '../zod';

const slackId = z.string().check(z.regex(/^[A-Z0-9]{2,}$/, { error: 'expected a Slack ID such as U012ABCDEF' }));

const common = {
  /** The Slack user who ran the command. */
  userId: slackId,
  /** The channel the command came from: results are posted there. */
  channel: slackId,
  /** The command's `trigger_id`: makes the AWS calls idempotent. */
  triggerId: z.string().check(z.minLength(1), z.maxLength(200)),
  /** The command's `response_url`, for replies to the user alone. */
  responseUrl: z.optional(z.url({ protocol: /^https?$/, error: 'expected the http(s) response_url of the command' })),
};

/**
 * A `/cdn invalidate` or `/logs <preset>` request on its way from the bot to the worker (in process locally,
 * an asynchronous Lambda invoke on AWS). The worker parses it again: it arrives from outside.
 *
 * @example {"kind":"cdn.invalidate","userId":"U012ABCDEF","channel":"C0123ABC","triggerId":"1.2.abc","target":"images","paths":["/logo.png"]}
 */
export const SelfServiceTaskSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('cdn.invalidate'),
    ...common,
    target: z.string().check(z.minLength(1), z.maxLength(300)),
    paths: z.array(z.string().check(z.maxLength(4_096))).check(z.maxLength(3_000)),
  }),
  z.object({
    kind: z.literal('logs.run'),
    ...common,
    preset: z.string().check(z.minLength(1), z.maxLength(100)),
    words: z.array(z.string().check(z.maxLength(2_000))).check(z.maxLength(100)),
  }),
]);
export type SelfServiceTask = z.infer<typeof SelfServiceTaskSchema>;
