// The catalogue kinds and their columns: one definition serves the console's editor, the JSON edits of the API and
// the CSV/XLSX imports, so every bad cell is reported the same way, by row and column.
import { LtError } from '@lienthong/errors';
import { parseAgencyCode } from '../registry.js';

export const CATALOGUE_KINDS = ['calendar', 'admin-units', 'procedures', 'agencies'] as const;
export type CatalogueKind = (typeof CATALOGUE_KINDS)[number];
export type CatalogueRow = Record<string, string | number | string[]>;

export interface Text { vi: string; en: string }
type Cell = string | number | string[];
/** A cell read from its text (CSV, XLSX, the editor): the value, or why not (vi, en). */
type Parse = (text: string) => { value: Cell } | { problem: Text };

export interface Column {
  key: string;
  title: Text;
  required: boolean;
  parse: Parse;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const ok = (value: Cell) => ({ value });
const bad = (vi: string, en: string) => ({ problem: { vi, en } });

const text = (max = 300): Parse => (t) => (t.length <= max ? ok(t.normalize('NFC')) : bad(`dài quá ${max} ký tự`, `longer than ${max} characters`));
const date: Parse = (t) => {
  const d = Date.parse(`${t}T00:00:00Z`);
  return DATE.test(t) && !Number.isNaN(d) && new Date(d).toISOString().startsWith(t) ? ok(t) : bad('không phải ngày YYYY-MM-DD', 'not a YYYY-MM-DD date');
};
const pattern = (re: RegExp, vi: string, en: string): Parse => (t) => (re.test(t) ? ok(t) : bad(vi, en));
const oneOf = (values: Record<string, string>): Parse => (t) => {
  const v = values[t.normalize('NFC').toLocaleLowerCase('vi')];
  return v ? ok(v) : bad(`phải là một trong ${Object.keys(values).join(', ')}`, `must be one of ${Object.keys(values).join(', ')}`);
};
const integer = (min: number, max: number): Parse => (t) => {
  const n = Number(t);
  return /^\d+$/.test(t) && n >= min && n <= max ? ok(n) : bad(`phải là số nguyên từ ${min} đến ${max}`, `must be an integer from ${min} to ${max}`);
};
const agencyCode: Parse = (t) => (parseAgencyCode(t) ? ok(t.trim().toUpperCase()) : bad('không phải mã định danh cơ quan', 'not an agency identifier code'));
/** Codes separated by ";" or "," (one cell in a spreadsheet). */
const codes = (re: RegExp): Parse => (t) => {
  const list = t.split(/[;,]/).map((s) => s.trim()).filter(Boolean);
  const wrong = list.find((c) => !re.test(c));
  return wrong === undefined ? ok(list) : bad(`mã "${wrong}" sai định dạng`, `code "${wrong}" is malformed`);
};

const UNIT_CODE = /^\d{2}(\d{3})?$/;

export interface KindDefinition {
  kind: CatalogueKind;
  title: Text;
  columns: readonly Column[];
  /** The column whose value identifies a row (no two rows share it). */
  key: string;
  /** Checks across rows (after each cell parsed): [row index, column, problem]. */
  crossCheck?: (rows: readonly CatalogueRow[]) => [number, string, Text][];
}

const WEEKDAY_OF = (d: string) => new Date(`${d}T00:00:00Z`).getUTCDay();

export const KINDS: Record<CatalogueKind, KindDefinition> = {
  calendar: {
    kind: 'calendar', key: 'date',
    title: { vi: 'Lịch làm việc (ngày nghỉ lễ, ngày làm bù)', en: 'Working-day calendar (holidays, make-up working days)' },
    columns: [
      { key: 'date', title: { vi: 'Ngày', en: 'Date' }, required: true, parse: date },
      { key: 'type', title: { vi: 'Loại (nghỉ / làm bù)', en: 'Type (holiday / working)' }, required: true,
        parse: oneOf({ holiday: 'holiday', 'nghỉ': 'holiday', working: 'working', 'làm bù': 'working' }) },
      { key: 'name', title: { vi: 'Tên ngày', en: 'Name' }, required: true, parse: text(200) },
      { key: 'source', title: { vi: 'Căn cứ', en: 'Source' }, required: false, parse: text(300) },
    ],
    // A make-up working day on a weekday would change nothing: it is a typo for another date.
    crossCheck: (rows) => rows.flatMap((r, i): [number, string, Text][] => (r.type === 'working' && ![0, 6].includes(WEEKDAY_OF(String(r.date)))
      ? [[i, 'date', { vi: 'ngày làm bù phải là thứ Bảy hoặc Chủ nhật', en: 'a make-up working day must be a Saturday or a Sunday' }]] : [])),
  },
  'admin-units': {
    kind: 'admin-units', key: 'code',
    title: { vi: 'Đơn vị hành chính (mã kế thừa)', en: 'Administrative units (successor codes)' },
    columns: [
      { key: 'code', title: { vi: 'Mã', en: 'Code' }, required: true, parse: pattern(UNIT_CODE, 'mã tỉnh 2 chữ số hoặc mã xã 5 chữ số', 'a 2-digit province or 5-digit commune code') },
      { key: 'name', title: { vi: 'Tên', en: 'Name' }, required: true, parse: text(200) },
      { key: 'level', title: { vi: 'Cấp (tinh / xa)', en: 'Level (tinh / xa)' }, required: true, parse: oneOf({ tinh: 'tinh', 'tỉnh': 'tinh', xa: 'xa', 'xã': 'xa' }) },
      { key: 'validFrom', title: { vi: 'Hiệu lực từ', en: 'Valid from' }, required: false, parse: date },
      { key: 'validTo', title: { vi: 'Hiệu lực đến', en: 'Valid to' }, required: false, parse: date },
      { key: 'successorCodes', title: { vi: 'Mã kế thừa', en: 'Successor codes' }, required: false, parse: codes(UNIT_CODE) },
    ],
    // A successor must be a unit of the same catalogue (old records are mapped to it).
    crossCheck: (rows) => {
      const known = new Set(rows.map((r) => String(r.code)));
      return rows.flatMap((r, i): [number, string, Text][] => ((r.successorCodes as string[] | undefined) ?? []).filter((c) => !known.has(c))
        .map((c) => [i, 'successorCodes', { vi: `mã kế thừa ${c} không có trong danh mục`, en: `successor code ${c} is not in the catalogue` }]));
    },
  },
  procedures: {
    kind: 'procedures', key: 'code',
    title: { vi: 'Thủ tục hành chính (thời hạn giải quyết)', en: 'Administrative procedures (legal deadlines)' },
    columns: [
      { key: 'code', title: { vi: 'Mã thủ tục', en: 'Procedure code' }, required: true,
        parse: pattern(/^\d\.\d{6}(\.\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2})?$/, 'mã thủ tục sai định dạng (vd. 1.001193.000.00.00.H48)', 'malformed procedure code (e.g. 1.001193.000.00.00.H48)') },
      { key: 'name', title: { vi: 'Tên thủ tục', en: 'Name' }, required: true, parse: text(300) },
      { key: 'deadlineWorkingDays', title: { vi: 'Thời hạn (ngày làm việc)', en: 'Deadline (working days)' }, required: true, parse: integer(0, 365) },
      { key: 'agencyCode', title: { vi: 'Cơ quan giải quyết', en: 'Agency' }, required: true, parse: agencyCode },
      // DOMAIN §7.a step 2 and 6: a procedure may read the population DB only if it lists the record's fields it needs
      // (empty: it may not); the verification flow asks for exactly those (data minimisation).
      { key: 'populationFields', title: { vi: 'Trường CSDLQG về dân cư được đọc', en: 'Population-DB fields it may read' }, required: false,
        parse: codes(/^[A-Z][A-Za-z]{1,40}$/) },
    ],
  },
  agencies: {
    kind: 'agencies', key: 'code',
    title: { vi: 'Cơ quan, đơn vị (mã định danh)', en: 'Agencies (identifier codes)' },
    columns: [
      { key: 'code', title: { vi: 'Mã định danh', en: 'Identifier code' }, required: true, parse: agencyCode },
      { key: 'name', title: { vi: 'Tên cơ quan', en: 'Name' }, required: true, parse: text(300) },
      { key: 'parentCode', title: { vi: 'Cơ quan cấp trên', en: 'Parent agency' }, required: false, parse: agencyCode },
    ],
  },
};

export function kindOf(kind: string): KindDefinition {
  const k = (KINDS as Record<string, KindDefinition | undefined>)[kind];
  if (!k) throw new LtError('CATALOGUE_KIND_UNKNOWN', { kind, kinds: CATALOGUE_KINDS.join(', ') }, { field: 'kind' });
  return k;
}

/** How a row is named in errors: a spreadsheet's row number (its header is row 1), or the edited list's position from 1. */
export type RowLabel = (index: number) => number;

const cellText = (v: unknown): string => (Array.isArray(v) ? v.map(String).join('; ') : v === undefined || v === null ? '' : String(v)).trim();

/**
 * Every row checked cell by cell, then across rows: the clean rows, or every problem at once (LtErrors, each with its
 * row, column and a JSON pointer to the cell), so nothing is written from a file with one bad row.
 */
export function checkRows(def: KindDefinition, input: readonly Record<string, unknown>[], label: RowLabel): { rows: CatalogueRow[] } | { problems: LtError[] } {
  const problems: LtError[] = [];
  const fail = (i: number, column: string, p: Text) => problems.push(new LtError('CATALOGUE_ROW_INVALID',
    { row: label(i), column, detail: p.en, detailVi: p.vi }, { pointer: `/rows/${i}/${column}`, field: column }));
  const known = new Set(def.columns.map((c) => c.key));
  const rows: CatalogueRow[] = [];
  const seen = new Map<string, number>();
  input.forEach((raw, i) => {
    const row: CatalogueRow = {};
    for (const extra of Object.keys(raw).filter((k) => !known.has(k))) fail(i, extra, { vi: 'cột không có trong danh mục này', en: 'not a column of this catalogue' });
    for (const col of def.columns) {
      const t = cellText(raw[col.key]);
      if (t === '') {
        if (col.required) fail(i, col.key, { vi: 'bắt buộc, đang để trống', en: 'required, but empty' });
        continue;
      }
      const r = col.parse(t);
      if ('problem' in r) fail(i, col.key, r.problem);
      else row[col.key] = r.value;
    }
    const key = row[def.key];
    if (typeof key === 'string' || typeof key === 'number') {
      const first = seen.get(String(key));
      if (first !== undefined) fail(i, def.key, { vi: `trùng với dòng ${label(first)}`, en: `repeats row ${label(first)}` });
      else seen.set(String(key), i);
    }
    rows.push(row);
  });
  if (problems.length === 0) for (const [i, column, p] of def.crossCheck?.(rows) ?? []) fail(i, column, p);
  return problems.length > 0 ? { problems } : { rows };
}
