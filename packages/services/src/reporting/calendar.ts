import { LtError } from '@lienthong/errors';

export type Frequency = 'month' | 'quarter' | 'half' | 'year' | 'adhoc';

const pad = (n: number) => String(n).padStart(2, '0');
/** The 15th of month m (1-based; 0 = December of the year before). */
const fifteenth = (y: number, m: number) => (m <= 0 ? `${y - 1}-${pad(m + 12)}-15` : `${y}-${pad(m)}-15`);

/**
 * A period's data window and deadline (DOMAIN §6.7, NĐ 09/2019 [PUB, verify]): the window runs from the 15th of the month
 * before the period's first month to the 14th of its last month; the deadline is the 20th of that last month, end of the
 * working day (17:00 Asia/Ho_Chi_Minh). Labels: 2027-03 (month), 2027-Q1, 2027-H1, 2027 (year); ad hoc regimes take any of them.
 */
export function periodWindow(frequency: Frequency, label: string): { dataFrom: string; dataTo: string; deadline: Date } {
  const m = /^(\d{4})(?:-(0[1-9]|1[0-2]|Q[1-4]|H[12]))?$/.exec(label);
  const kind = !m ? null : !m[2] ? 'year' : m[2].startsWith('Q') ? 'quarter' : m[2].startsWith('H') ? 'half' : 'month';
  if (!m || !kind || (frequency !== 'adhoc' && frequency !== kind)) throw new LtError('REPORT_PERIOD_LABEL_INVALID', { label, frequency }, { field: 'periodLabel' });
  const y = Number(m[1]);
  const part = m[2] ?? '';
  const [first, last] = kind === 'month' ? [Number(part), Number(part)]
    : kind === 'quarter' ? [Number(part.slice(1)) * 3 - 2, Number(part.slice(1)) * 3]
      : kind === 'half' ? (part === 'H1' ? [1, 6] : [7, 12]) : [1, 12];
  return { dataFrom: fifteenth(y, first - 1), dataTo: `${y}-${pad(last)}-14`, deadline: new Date(`${y}-${pad(last)}-20T17:00:00+07:00`) };
}

/** Reminders at 08:00 Asia/Ho_Chi_Minh on D−3, D−1 and D; the overdue point is the deadline itself. */
export function reminderTimes(deadline: Date): { d3: string; d1: string; d0: string; overdue: string } {
  const day = new Date(deadline.getTime() + 7 * 3_600_000).toISOString().slice(0, 10); // the deadline's date in Vietnam
  const at = (daysBefore: number) => new Date(new Date(`${day}T08:00:00+07:00`).getTime() - daysBefore * 86_400_000).toISOString();
  return { d3: at(3), d1: at(1), d0: at(0), overdue: deadline.toISOString() };
}
