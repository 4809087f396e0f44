// Working days in Vietnam time (DOMAIN §5.3): Monday–Friday minus the holidays, plus the make-up working days the
// government or the province sets on weekends. The calendar is catalogue data (one version pinned per run), never
// code; these functions are pure and deterministic, so they run in the workflow, the API and the browser alike.
import { LtError } from '@lienthong/errors';

/** One version of the working-day calendar, as a run reads it (and pins it in its history). */
export interface WorkingCalendar {
  /** Marks the value as a calendar (expressions find the one a run read among its node outputs). */
  kind: 'working-calendar';
  /** The catalogue version, e.g. "calendar@3". */
  version: string;
  timeZone: 'Asia/Ho_Chi_Minh';
  /** Days of the week that are off unless listed in `workingDays` (0 Sunday … 6 Saturday). */
  weekend: number[];
  /** Years the calendar covers: counting into another year is refused rather than silently wrong. */
  years: number[];
  /** Days off (YYYY-MM-DD), national holidays and the days swapped or compensated with them. */
  holidays: string[];
  /** Make-up working days (YYYY-MM-DD) that fall on a weekend. */
  workingDays: string[];
}

// Asia/Ho_Chi_Minh has been UTC+7 without daylight saving since 1975: a fixed offset, no time-zone database needed.
const OFFSET_MS = 7 * 3_600_000;
const DAY_MS = 86_400_000;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** A moment as the calendar sees it: the Vietnam local day (days since 1970-01-01) and the time within it. */
interface Local { day: number; timeMs: number; dateOnly: boolean }

function toLocal(value: string | Date): Local {
  if (typeof value === 'string' && DATE_ONLY.test(value)) {
    const ms = Date.parse(`${value}T00:00:00Z`);
    if (!Number.isNaN(ms) && new Date(ms).toISOString().startsWith(value)) return { day: ms / DAY_MS, timeMs: 0, dateOnly: true };
  } else {
    const ms = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value) ? Date.parse(value) : value instanceof Date ? value.getTime() : Number.NaN;
    if (!Number.isNaN(ms)) {
      const local = ms + OFFSET_MS;
      const day = Math.floor(local / DAY_MS);
      return { day, timeMs: local - day * DAY_MS, dateOnly: false };
    }
  }
  throw new LtError('CALENDAR_DATE_INVALID', { value: String(value) });
}

const isoDay = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);

/** Back to a string: a date-only input gives a date, a moment gives the same local time with the +07:00 offset. */
function fromLocal(day: number, timeMs: number, dateOnly: boolean): string {
  if (dateOnly) return isoDay(day);
  return `${new Date(day * DAY_MS + timeMs).toISOString().slice(0, 23)}+07:00`;
}

interface Sets { weekend: Set<number>; holidays: Set<string>; working: Set<string>; years: Set<number> }
const prepared = new WeakMap<WorkingCalendar, Sets>();
function sets(cal: WorkingCalendar): Sets {
  let s = prepared.get(cal);
  if (!s) {
    s = { weekend: new Set(cal.weekend), holidays: new Set(cal.holidays), working: new Set(cal.workingDays), years: new Set(cal.years) };
    prepared.set(cal, s);
  }
  return s;
}

function workingOn(cal: WorkingCalendar, day: number): boolean {
  const s = sets(cal);
  const date = isoDay(day);
  const year = Number(date.slice(0, 4));
  if (!s.years.has(year)) throw new LtError('CALENDAR_OUT_OF_RANGE', { date, version: cal.version, years: cal.years.join(', ') });
  if (s.working.has(date)) return true;
  if (s.holidays.has(date)) return false;
  return !s.weekend.has(new Date(day * DAY_MS).getUTCDay());
}

/** Whether the Vietnam local day of `date` (YYYY-MM-DD or an ISO date-time) is a working day. */
export function isWorkingDay(cal: WorkingCalendar, date: string | Date): boolean {
  return workingOn(cal, toLocal(date).day);
}

/**
 * The moment `n` working days after `from`: the same local time on the n-th working day after from's local day
 * (from's own day is not counted, as a dossier received today is due n working days later). A negative n counts back;
 * 0 gives `from`. Date-only in, date-only out; a date-time comes back with the +07:00 offset.
 */
export function addWorkingDays(cal: WorkingCalendar, from: string | Date, n: number): string {
  if (!Number.isInteger(n) || Math.abs(n) > 3660) throw new LtError('CALENDAR_DAYS_INVALID', { value: String(n) });
  const start = toLocal(from);
  let day = start.day;
  const step = n < 0 ? -1 : 1;
  for (let left = Math.abs(n); left > 0;) {
    day += step;
    if (workingOn(cal, day)) left -= 1;
  }
  return fromLocal(day, start.timeMs, start.dateOnly);
}

/**
 * Working days from `from` to `to` counted as addWorkingDays counts: the working days after from's local day up to and
 * including to's, so workingDaysBetween(c, f, addWorkingDays(c, f, n)) === n for n ≥ 0. When `to` is earlier: minus
 * the working days after to's day up to and including from's.
 */
export function workingDaysBetween(cal: WorkingCalendar, from: string | Date, to: string | Date): number {
  const a = toLocal(from).day;
  const b = toLocal(to).day;
  if (Math.abs(b - a) > 3 * 3660) throw new LtError('CALENDAR_DAYS_INVALID', { value: `${isoDay(a)} → ${isoDay(b)}` });
  const [lo, hi, sign] = a <= b ? [a, b, 1] : [b, a, -1];
  let count = 0;
  for (let day = lo + 1; day <= hi; day++) if (workingOn(cal, day)) count += 1;
  return sign * count;
}

/** Whether a value is a working calendar (the shape a catalogue read returns). */
export function isWorkingCalendar(v: unknown): v is WorkingCalendar {
  if (typeof v !== 'object' || v === null) return false;
  const c = v as Partial<WorkingCalendar>;
  return c.kind === 'working-calendar' && typeof c.version === 'string' && Array.isArray(c.weekend) && Array.isArray(c.years)
    && Array.isArray(c.holidays) && Array.isArray(c.workingDays);
}
