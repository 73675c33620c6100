import * as z from '../../core/zod';

const scheduledEventType = 'Scheduled Event';

/** The event an EventBridge schedule rule sends its targets, with the fields infrabot reads checked. */
export const ScheduledEventSchema = z.looseObject({
  'detail-type': z.literal(scheduledEventType),
  source: z.literal('aws.events', { error: 'expected the source "aws.events" of an EventBridge schedule' }),
  id: z.string(),
  time: z.iso.datetime({ error: 'expected the time of the schedule, in ISO 8601' }),
  /** The ARN of the rule that fired. */
  resources: z.array(z.string()),
});
export type ScheduledEvent = z.infer<typeof ScheduledEventSchema>;

export type ScheduledEventReading =
  | { kind: 'scheduled'; event: ScheduledEvent }
  | { kind: 'invalid'; why: string }
  | { kind: 'other' };

/** Whether an event calls itself an EventBridge schedule's (its `detail-type`), before it is checked. */
function claimsSchedule(input: unknown): boolean {
  return typeof input === 'object' && input !== null && Reflect.get(input, 'detail-type') === scheduledEventType;
}

/**
 * Reads an EventBridge `Scheduled Event`: `other` when the input does not call itself one (it may be another
 * kind of event), `invalid` with the problems when it does but lacks what a schedule's event has.
 */
export function readScheduledEvent(input: unknown): ScheduledEventReading {
  if (!claimsSchedule(input)) return { kind: 'other' };
  const parsed = ScheduledEventSchema.safeParse(input);
  if (!parsed.success) return { kind: 'invalid', why: z.prettifyError(parsed.error) };
  return { kind: 'scheduled', event: parsed.data };
}
