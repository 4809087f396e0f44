import jsonata from 'jsonata';
import { LtError } from '@lienthong/errors';

// A schedule's input: one JSONata expression (like a subflow's `input`) evaluated when the schedule fires. It sees
// the fire time and a few calendar helpers, nothing else: no `$input`, no `$nodes`, no clock of its own (`$now()`
// and `$millis()` are the fire time), so the scheduled workflow and the publish-time check compute the same value.

const VN_OFFSET_MS = 7 * 3_600_000; // Asia/Ho_Chi_Minh: UTC+7, no daylight saving

/** The fire time as ISO 8601 in Vietnam time, e.g. `2026-02-15T07:00:00+07:00`. */
export function firedAtInVietnam(at: Date): string {
  return `${new Date(at.getTime() + VN_OFFSET_MS).toISOString().slice(0, 19)}+07:00`;
}

const DATE = /^(\d{4})-(\d{2})(?:-(\d{2}))?/;
function parts(date: unknown, fn: string): [number, number, number] {
  const m = typeof date === 'string' ? DATE.exec(date) : null;
  if (!m) throw new Error(`$${fn}: expected a date like 2026-02-15 or an ISO time, got ${JSON.stringify(date)}`);
  return [Number(m[1]), Number(m[2]), Number(m[3] ?? '1')];
}
const offsetOf = (n: unknown, fn: string): number => {
  if (n === undefined) return 0;
  if (typeof n !== 'number' || !Number.isInteger(n)) throw new Error(`$${fn}: the offset must be a whole number, got ${JSON.stringify(n)}`);
  return n;
};

/** `$month(date, offset)`: the month (`YYYY-MM`) of a date's local calendar day, moved by `offset` months. */
function month(date: unknown, offset?: unknown): string {
  const [y, m] = parts(date, 'month');
  const d = new Date(Date.UTC(y, m - 1 + offsetOf(offset, 'month'), 1));
  return d.toISOString().slice(0, 7);
}

/** `$day(date, offset)`: the calendar day (`YYYY-MM-DD`) of a date, moved by `offset` days. */
function day(date: unknown, offset?: unknown): string {
  const [y, m, d] = parts(date, 'day');
  return new Date(Date.UTC(y, m - 1, d + offsetOf(offset, 'day'))).toISOString().slice(0, 10);
}

/** What a schedule's input expression can name. */
export function scheduleBindings(firedAt: Date): Record<string, unknown> {
  return {
    firedAt: firedAtInVietnam(firedAt),
    month, day,
    now: () => firedAt.toISOString(),
    millis: () => firedAt.getTime(),
  };
}

/**
 * The input of a run a schedule starts at `firedAt` (`{}` without an expression), as plain JSON.
 * Throws FLOW_EXPRESSION_FAILED (at `nodeId`) when the expression fails.
 */
export async function scheduleInput(expr: string | undefined, firedAt: Date, nodeId = 'trigger'): Promise<unknown> {
  if (expr === undefined) return {};
  try {
    const v: unknown = await jsonata(expr).evaluate({}, scheduleBindings(firedAt));
    return v === undefined ? null : JSON.parse(JSON.stringify(v)) as unknown;
  } catch (err) {
    const e = err as { message?: string };
    throw new LtError('FLOW_EXPRESSION_FAILED', { nodeId, detail: e.message ?? String(err) }, { nodeId, pointer: `/nodes/${nodeId}/trigger/input` });
  }
}
