/**
 * `drift.schedule` (five cron fields, UTC, as croner reads them under `infrabot serve`) as an EventBridge
 * Scheduler expression, `cron(minutes hours day-of-month month day-of-week year)`: one of the two day fields
 * must be `?`, and weekdays count from 1 (Sunday) instead of 0.
 */
export function eventBridgeCron(expression: string): string {
  const fields = expression.trim().split(/\s+/);
  const [minute, hour, dayOfMonth, month, dayOfWeek] = fields;
  if (fields.length !== 5 || !minute || !hour || !dayOfMonth || !month || !dayOfWeek) {
    throw new Error(`drift.schedule "${expression}": expected five cron fields`);
  }
  if (dayOfMonth !== '*' && dayOfWeek !== '*') {
    throw new Error(
      `drift.schedule "${expression}": EventBridge Scheduler cannot run on both a day of the month and a day of the week; set one of them to *`,
    );
  }
  const [day, weekday] = dayOfWeek === '*' ? [dayOfMonth, '?'] : ['?', eventBridgeWeekdays(dayOfWeek)];
  return `cron(${[minute, hour, day, month, weekday, '*'].join(' ')})`;
}

/** Cron weekdays (0 or 7 Sunday … 6 Saturday, or names) as EventBridge's (1 Sunday … 7 Saturday); steps are kept. */
function eventBridgeWeekdays(field: string): string {
  return field.toUpperCase().replace(/(^|[^/\d])(\d+)/g, (_all, before: string, day: string) => {
    return `${before}${(Number(day) % 7) + 1}`;
  });
}
