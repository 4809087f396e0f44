/**
 * The one CSV writer for exports (audit log, run statistics): RFC 4180 — fields with a comma, quote or line break
 * quoted, quotes doubled, CRLF after every record — UTF-8, optionally with a BOM so spreadsheet tools read it as UTF-8.
 * Text that a spreadsheet would run as a formula (starting with =, +, -, @, tab or CR; OWASP "CSV injection") gets a
 * leading apostrophe: an export of attacker-chosen strings (a login name, a path) must not execute when opened.
 * Numbers are written as numbers, so a negative count stays a number.
 */
export type CsvCell = string | number | boolean | Date | null | undefined | object;

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(v: CsvCell): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  let s = typeof v === 'string' ? v : typeof v === 'boolean' ? String(v) : v instanceof Date ? v.toISOString() : JSON.stringify(v);
  if (FORMULA_START.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A header row and the data rows as one CSV text. Objects in cells are written as JSON (pass canonical JSON text for a fixed form). */
export function csvTable(header: readonly string[], rows: readonly (readonly CsvCell[])[], o: { bom?: boolean } = {}): string {
  const lines = [header, ...rows].map((r) => r.map(csvCell).join(','));
  return `${o.bom ? '\ufeff' : ''}${lines.map((l) => `${l}\r\n`).join('')}`;
}
