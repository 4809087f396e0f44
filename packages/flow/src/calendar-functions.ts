// The working-day functions flow expressions may call: `$addWorkingDays(date, n)`, `$workingDaysBetween(from, to)` and
// `$isWorkingDay(date)`, each with an optional last argument naming the calendar (e.g. `$nodes.lich.output`).
// Without it they take the calendar the run pinned: the context's, else the one a "catalog:calendar:get" node read
// (its output is in the run's history, so a replay computes the same dates after an admin edits the calendar).
import { LtError } from '@lienthong/errors';
import { addWorkingDays, isWorkingCalendar, isWorkingDay, workingDaysBetween, type WorkingCalendar } from './calendar.js';

export type { WorkingCalendar } from './calendar.js';

interface CalendarSource {
  calendar?: WorkingCalendar;
  nodes: Record<string, { output: unknown }>;
}

/** The run's calendar: the pinned one, else the one node output that is a calendar (two different ones are ambiguous). */
export function runCalendar(ctx: CalendarSource): WorkingCalendar {
  if (ctx.calendar) return ctx.calendar;
  const found = new Map<string, WorkingCalendar>();
  for (const id of Object.keys(ctx.nodes).sort()) {
    const out = ctx.nodes[id]?.output;
    if (isWorkingCalendar(out)) found.set(out.version, out);
  }
  if (found.size === 1) return [...found.values()][0] as WorkingCalendar;
  throw new LtError('CALENDAR_NOT_READ', { versions: [...found.keys()].join(', ') || '-' });
}

function pick(ctx: CalendarSource, explicit: unknown): WorkingCalendar {
  if (explicit === undefined) return runCalendar(ctx);
  if (isWorkingCalendar(explicit)) return explicit;
  throw new LtError('CALENDAR_NOT_READ', { versions: 'not a calendar' });
}

const dateArg = (v: unknown): string => {
  if (typeof v === 'string') return v;
  throw new LtError('CALENDAR_DATE_INVALID', { value: JSON.stringify(v) ?? 'undefined' });
};

/** The functions bound into JSONata for one evaluation (undefined in, undefined out, as JSONata's own functions). */
export function calendarFunctions(ctx: CalendarSource): Record<string, (...args: unknown[]) => unknown> {
  return {
    addWorkingDays: (date, n, cal) => (date === undefined ? undefined
      : addWorkingDays(pick(ctx, cal), dateArg(date), typeof n === 'number' ? n : Number.NaN)),
    workingDaysBetween: (from, to, cal) => (from === undefined || to === undefined ? undefined
      : workingDaysBetween(pick(ctx, cal), dateArg(from), dateArg(to))),
    isWorkingDay: (date, cal) => (date === undefined ? undefined : isWorkingDay(pick(ctx, cal), dateArg(date))),
  };
}
