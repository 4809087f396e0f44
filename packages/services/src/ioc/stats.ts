import { and, gte, inArray, lt, sql } from 'drizzle-orm';
import { iocFeedback, type Db } from '@lienthong/db';
import { LtError } from '@lienthong/errors';

/** One row of the quarterly statistics: a unit and a category, or the totals (unit and category null). */
export interface IocQuarterRow {
  unitCode: string | null; category: string | null;
  received: number; verified: number; rejected: number; answeredOnTime: number; answeredLate: number; closed: number;
  surveyed: number; surveyAverage: number | null;
}

/** "2026-Q4" → the quarter's bounds, Vietnam time (UTC+7). */
export function quarterBounds(quarter: string): { from: Date; to: Date } {
  const m = /^(\d{4})-Q([1-4])$/.exec(quarter);
  if (!m) throw new LtError('IOC_QUARTER_INVALID', { quarter }, { pointer: '/quarter' });
  const year = Number(m[1]);
  const q = Number(m[2]);
  const at = (y: number, month: number) => new Date(Date.UTC(y, month, 1) - 7 * 3_600_000);
  return { from: at(year, (q - 1) * 3), to: q === 4 ? at(year + 1, 0) : at(year, q * 3) };
}

const count = (cond: ReturnType<typeof sql>) => sql<number>`count(*) filter (where ${cond})`.mapWith(Number);

/**
 * Items received in the quarter, by handling unit and category, counted straight from the register: received, verified
 * (reached `verified`, rejected or not later), rejected, answered by the due date or after it, closed, and the survey.
 * `agencies` limits the rows to those units (agency scope); absent = every unit, with the unassigned (rejected) ones.
 */
export async function iocQuarterStats(db: Db, quarter: string, agencies?: string[]): Promise<{ quarter: string; rows: IocQuarterRow[]; total: IocQuarterRow }> {
  const { from, to } = quarterBounds(quarter);
  const f = iocFeedback;
  const where = and(gte(f.receivedAt, from), lt(f.receivedAt, to), ...(agencies ? [inArray(f.unitCode, agencies.length ? agencies : [''])] : []));
  const cols = {
    received: sql<number>`count(*)`.mapWith(Number),
    verified: count(sql`${f.verifiedAt} is not null`),
    rejected: count(sql`${f.rejectedAt} is not null`),
    answeredOnTime: count(sql`${f.answeredAt} is not null and ${f.answeredAt} <= ${f.dueAt}`),
    answeredLate: count(sql`${f.answeredAt} is not null and (${f.dueAt} is null or ${f.answeredAt} > ${f.dueAt})`),
    closed: count(sql`${f.closedAt} is not null`),
    surveyed: count(sql`${f.surveyScore} is not null`),
    surveyAverage: sql<number | null>`round(avg(${f.surveyScore})::numeric, 2)`.mapWith((v: unknown) => (v === null ? null : Number(v))),
  };
  const rows = await db.select({ unitCode: f.unitCode, category: f.category, ...cols }).from(f).where(where).groupBy(f.unitCode, f.category).orderBy(f.unitCode, f.category);
  const [total] = await db.select(cols).from(f).where(where);
  const zero = { received: 0, verified: 0, rejected: 0, answeredOnTime: 0, answeredLate: 0, closed: 0, surveyed: 0, surveyAverage: null };
  return { quarter, rows: rows.map((r) => ({ ...r, surveyAverage: r.surveyAverage ?? null })), total: { unitCode: null, category: null, ...zero, ...total } };
}
