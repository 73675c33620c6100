import type { DriftStart } from '../../core/usecases/start-drift-checks';
import * as z from '../../core/zod';

/** The event EventBridge Scheduler gives the bot for `drift.schedule` (see terraform/constructs/drift-schedule.ts). */
export const DriftRunEventSchema = z.looseObject({
  infrabot: z.literal('drift-run'),
  scheduledTime: z.iso.datetime({ offset: true }),
});

/** Starts the drift run of one scheduled time; undefined when it was run already or drift is not configured. */
export type DriftRun = (at: Date) => Promise<DriftStart | undefined>;
