import { CronPattern } from 'croner';

/**
 * Why a schedule's cron string would be refused, or null when it is good. The string must be what both croner (which
 * checks every field's range and syntax) and Temporal's schedule parser accept: five fields (minute hour day month
 * weekday) of numbers, `*`, ranges, steps, lists and three-letter month/day names. Croner's extensions that Temporal
 * does not know (`L`, `W`, `#`, `?`) and macros like `@daily` are refused here, so the compiler catches them before a
 * version is committed instead of Temporal refusing the schedule afterwards. Pure: no clock is read.
 */
export function cronProblem(cron: string): string | null {
  const fields = cron.trim().split(/\s+/);
  if (fields.length !== 5) return `expected 5 fields, found ${fields.length}`;
  const extension = fields.find((f) => /[LW#?@]/i.test(f.replace(/[a-z]{3}/gi, (name) => (NAMES.has(name.toLowerCase()) ? '0' : name))));
  if (extension !== undefined) return `"${extension}" uses syntax Temporal schedules do not support (L, W, #, ?, @)`;
  try {
    new CronPattern(fields.join(' '), undefined, { mode: '5-part' });
    return null;
  } catch (e) {
    return (e instanceof Error ? e.message : String(e)).replace(/^CronPattern:\s*/, '');
  }
}

const NAMES = new Set(['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec', 'sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat']);
