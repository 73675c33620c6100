import { checkCron } from '../drift/cron-schedule';
import * as z from '../zod';

/** The `drift` section of `infrabot.yaml`: scheduled drift checks and where their news goes (docs/drift.md). */
export const DriftSchema = z.strictObject({
  schedule: z
    .optional(
      z.string().check(
        z.superRefine((expression, ctx) => {
          const checked = checkCron(expression);
          if (!checked.ok) ctx.addIssue({ code: 'custom', message: checked.message, input: expression });
        }),
      ),
    )
    .check(z.describe('When checks run: a five-field cron expression in UTC ("0 6 * * 1-5"); none when absent.')),
  channel: z
    .string()
    .check(
      z.regex(/^[CG][A-Z0-9]{2,}$/, { error: 'expected a Slack channel ID (C0123456789)' }),
      z.describe('The Slack channel that hears of new drift.'),
    ),
  concurrency: z
    ._default(z.int().check(z.gte(1), z.lte(64)), 4)
    .check(z.describe('How many checks run at once (on AWS: CodeBuild builds at once).')),
  ignore: z
    ._default(z.array(z.string().check(z.minLength(1))), [])
    .check(
      z.describe(
        'address[.attribute] patterns never reported as drift, * matching anything ("aws_autoscaling_group.*.desired_capacity").',
      ),
    ),
  github: z
    ._default(
      z.strictObject({
        issues: z
          ._default(z.boolean(), false)
          .check(z.describe('One GitHub issue per drifted stack, updated, and closed when it is back in sync.')),
      }),
      { issues: false },
    )
    .check(z.describe('Drift on GitHub.')),
});
export type DriftConfig = z.infer<typeof DriftSchema>;
