import { isWorkingDay, type WorkingCalendar } from '@lienthong/flow';

// The SLA clock of a dossier (DOMAIN §7.b step 6): it stops while the flow waits on the citizen (a supplement, a
// payment) and runs again when the citizen is back. Pure functions over Vietnam local days (UTC+7, no daylight saving).

const DAY_MS = 86_400_000;
const OFFSET_MS = 7 * 3_600_000;
const localDay = (ms: number): number => Math.floor((ms + OFFSET_MS) / DAY_MS);
const dayStart = (day: number): number => day * DAY_MS - OFFSET_MS;
const isoDay = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);
const MAX_DAYS = 3660;

/** One stop of the clock, as recorded on the task that continues it. */
export interface SlaPause {
  /** When the clock stopped (the decision that asked the citizen) and started again (the continuing task's creation). */
  from: string;
  to: string;
  /** The clock time the pause took: wall time for a deadline in hours, time on working days for one in working days. */
  pausedMs: number;
  dueBefore: string;
  dueAfter: string;
}

/** The SLA clock a task carries: when it started, how long it was paused in all, whether it counts working days. */
export interface SlaClock {
  startedAt: string; pausedMs: number; workingDays: boolean;
  /** Reminder fractions already sent on this clock by the tasks it continued (absent on clocks recorded before). */
  reminded?: number[];
}

/** Time of [from, to) that falls on working days of the calendar; all of it without one. */
export function clockTimeBetween(from: Date, to: Date, cal: WorkingCalendar | null): number {
  const a = from.getTime();
  const b = to.getTime();
  if (b <= a) return 0;
  if (!cal) return b - a;
  let total = 0;
  for (let day = localDay(a); day <= localDay(b) && day - localDay(a) <= MAX_DAYS; day++) {
    if (!isWorkingDay(cal, isoDay(day))) continue;
    total += Math.min(b, dayStart(day + 1)) - Math.max(a, dayStart(day));
  }
  return total;
}

/** The moment `ms` of clock time after `from`: wall time without a calendar, else counted on working days only. */
export function addClockTime(from: Date, ms: number, cal: WorkingCalendar | null): Date {
  if (ms <= 0) return from;
  if (!cal) return new Date(from.getTime() + ms);
  let left = ms;
  let cursor = from.getTime();
  for (let i = 0; i <= MAX_DAYS; i++) {
    const day = localDay(cursor);
    const end = dayStart(day + 1);
    if (isWorkingDay(cal, isoDay(day))) {
      if (left <= end - cursor) return new Date(cursor + left);
      left -= end - cursor;
    }
    cursor = end;
  }
  return new Date(cursor + left);
}

/**
 * The pause between `from` (the clock stopped) and `to` (it runs again) and the deadline it moves: a deadline in
 * working days moves by the working time paused (a weekend in the pause moves nothing), one in hours by the wall time.
 */
export function pauseClock(due: Date, from: Date, to: Date, cal: WorkingCalendar | null): SlaPause {
  const pausedMs = clockTimeBetween(from, to, cal);
  return { from: from.toISOString(), to: to.toISOString(), pausedMs, dueBefore: due.toISOString(), dueAfter: addClockTime(due, pausedMs, cal).toISOString() };
}

/** How late a task was decided (or, still open, is now) against its deadline, the pauses already added to it; 0 if in time. */
export function latenessMs(dueAt: Date | null, doneAt: Date | null, now: Date): number {
  if (!dueAt) return 0;
  return Math.max(0, (doneAt ?? now).getTime() - dueAt.getTime());
}
