import { LtError } from '@lienthong/errors';

/** The operations reports the regulations ask for: monthly, 6-monthly, annual (December) and ad hoc. */
export type ReportKind = 'monthly' | 'semiannual' | 'annual' | 'adhoc';
export const REPORT_KINDS: readonly ReportKind[] = ['monthly', 'semiannual', 'annual', 'adhoc'];

export interface ReportPeriodInput {
  kind: ReportKind;
  year?: number;
  /** 1..12, monthly reports. */
  month?: number;
  /** 1 (January–June) or 2 (July–December), 6-monthly reports. */
  half?: number;
  /** Ad hoc: first and last day, YYYY-MM-DD, both included (Vietnam days). */
  from?: string;
  to?: string;
}

export interface ReportPeriod {
  kind: ReportKind;
  /** [from, to) in Vietnam time (UTC+7, no daylight saving). */
  from: Date;
  to: Date;
  label: { vi: string; en: string };
  /** For file names: 2026-03, 2026-h1, 2026, 2026-01-05_2026-02-10. */
  slug: string;
}

/** Ad hoc reports reach back at most this many days (a bounded query). */
export const MAX_ADHOC_DAYS = 3 * 366;

const bad = (pointer: string, detail: string, detailVi: string): LtError =>
  new LtError('REQUEST_VALIDATION_FAILED', { pointer, detail, detailVi }, { field: pointer.slice(1) });

/** Midnight of a Vietnam day, as an instant. */
const vnDay = (y: number, m: number, d: number): Date => new Date(Date.UTC(y, m - 1, d, -7));

function needYear(year: number | undefined): number {
  if (year === undefined || !Number.isInteger(year) || year < 2000 || year > 2100) throw bad('/year', 'year must be 2000..2100', 'năm phải trong khoảng 2000..2100');
  return year;
}

function parseDay(s: string | undefined, pointer: string): Date {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s ?? '');
  const d = m ? vnDay(Number(m[1]), Number(m[2]), Number(m[3])) : null;
  // Date.UTC rolls 2026-02-30 over to March: a day that does not round-trip does not exist.
  if (!m || !d || new Date(d.getTime() + 7 * 3_600_000).toISOString().slice(0, 10) !== s) throw bad(pointer, 'expected a day YYYY-MM-DD', 'cần một ngày dạng YYYY-MM-DD');
  return d;
}

const two = (n: number) => String(n).padStart(2, '0');

/**
 * The latest period of its kind that has ended by `now` (Vietnam time), for a request that names none: last month, the
 * last half year, last year. A request naming part of a period (a year without its month) is still refused.
 */
function latestEnded(p: ReportPeriodInput, now: Date): ReportPeriodInput {
  const vn = new Date(now.getTime() + 7 * 3_600_000);
  const [y, m] = [vn.getUTCFullYear(), vn.getUTCMonth() + 1];
  if (p.kind === 'monthly' && p.year === undefined && p.month === undefined) return { ...p, year: m === 1 ? y - 1 : y, month: m === 1 ? 12 : m - 1 };
  if (p.kind === 'semiannual' && p.year === undefined && p.half === undefined) return { ...p, year: m <= 6 ? y - 1 : y, half: m <= 6 ? 2 : 1 };
  if (p.kind === 'annual' && p.year === undefined) return { ...p, year: y - 1 };
  return p;
}

/** The period a report covers (parts left out: the latest such period that has ended); bad parameters are a 400 with the field named. */
export function reportPeriod(input: ReportPeriodInput, now = new Date()): ReportPeriod {
  const p = latestEnded(input, now);
  switch (p.kind) {
    case 'monthly': {
      const year = needYear(p.year);
      if (p.month === undefined || !Number.isInteger(p.month) || p.month < 1 || p.month > 12) throw bad('/month', 'month must be 1..12', 'tháng phải từ 1 đến 12');
      const to = p.month === 12 ? vnDay(year + 1, 1, 1) : vnDay(year, p.month + 1, 1);
      return { kind: 'monthly', from: vnDay(year, p.month, 1), to, label: { vi: `Tháng ${two(p.month)}/${year}`, en: `${year}-${two(p.month)}` }, slug: `${year}-${two(p.month)}` };
    }
    case 'semiannual': {
      const year = needYear(p.year);
      if (p.half !== 1 && p.half !== 2) throw bad('/half', 'half must be 1 or 2', 'nửa năm phải là 1 hoặc 2');
      const from = p.half === 1 ? vnDay(year, 1, 1) : vnDay(year, 7, 1);
      const to = p.half === 1 ? vnDay(year, 7, 1) : vnDay(year + 1, 1, 1);
      return { kind: 'semiannual', from, to, label: { vi: `6 tháng ${p.half === 1 ? 'đầu' : 'cuối'} năm ${year}`, en: `${p.half === 1 ? 'First' : 'Second'} half of ${year}` }, slug: `${year}-h${p.half}` };
    }
    case 'annual': {
      const year = needYear(p.year);
      return { kind: 'annual', from: vnDay(year, 1, 1), to: vnDay(year + 1, 1, 1), label: { vi: `Năm ${year}`, en: `Year ${year}` }, slug: String(year) };
    }
    case 'adhoc': {
      const from = parseDay(p.from, '/from');
      const last = parseDay(p.to, '/to');
      if (last < from) throw bad('/to', 'to must not be before from', 'ngày kết thúc không được trước ngày bắt đầu');
      const to = new Date(last.getTime() + 86_400_000);
      if ((to.getTime() - from.getTime()) / 86_400_000 > MAX_ADHOC_DAYS) throw bad('/to', `at most ${MAX_ADHOC_DAYS} days`, `tối đa ${MAX_ADHOC_DAYS} ngày`);
      return { kind: 'adhoc', from, to, label: { vi: `Từ ${p.from} đến ${p.to}`, en: `${p.from} to ${p.to}` }, slug: `${p.from}_${p.to}` };
    }
    default:
      throw bad('/kind', 'kind must be monthly, semiannual, annual or adhoc', 'loại báo cáo phải là monthly, semiannual, annual hoặc adhoc');
  }
}
