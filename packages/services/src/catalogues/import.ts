// Reading a catalogue from a CSV or XLSX file: the first row names the columns (the column's key, or its Vietnamese or
// English title), each further row is a catalogue row, numbered as the spreadsheet numbers it (the header is row 1).
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { LtError, LtErrors } from '@lienthong/errors';
import type { KindDefinition } from './kinds.js';

export type ImportFormat = 'csv' | 'xlsx';
/** Rows read from a file, each with the spreadsheet row number it came from. */
export interface FileRows { rows: Record<string, string>[]; rowNumbers: number[] }

export const MAX_IMPORT_ROWS = 20_000;

const norm = (s: string) => s.normalize('NFC').trim().toLocaleLowerCase('vi');

/** Maps each header cell to a column key; an unknown header is a located error (row 1). */
function headerKeys(def: KindDefinition, header: readonly string[]): string[] {
  const byName = new Map<string, string>();
  for (const c of def.columns) for (const name of [c.key, c.title.vi, c.title.en]) byName.set(norm(name), c.key);
  const problems: LtError[] = [];
  const keys = header.map((h, i) => {
    const key = byName.get(norm(h));
    if (!key && h.trim() !== '') problems.push(new LtError('CATALOGUE_ROW_INVALID', { row: 1, column: h, detail: `not a column of this catalogue (columns: ${def.columns.map((c) => c.key).join(', ')})`,
      detailVi: `không phải cột của danh mục này (các cột: ${def.columns.map((c) => c.key).join(', ')})` }, { pointer: `/header/${i}`, field: h }));
    return key ?? '';
  });
  const missing = def.columns.filter((c) => c.required && !keys.includes(c.key));
  for (const c of missing) problems.push(new LtError('CATALOGUE_ROW_INVALID', { row: 1, column: c.key, detail: 'required column is missing', detailVi: 'thiếu cột bắt buộc' }, { pointer: '/header', field: c.key }));
  if (problems.length > 0) throw new LtErrors(problems);
  return keys;
}

function toRecords(def: KindDefinition, table: { cells: string[]; line: number }[]): FileRows {
  const [head, ...body] = table;
  if (!head) throw new LtError('CATALOGUE_FILE_UNREADABLE', { format: 'file', detail: 'the file is empty', detailVi: 'tệp rỗng' });
  if (body.length > MAX_IMPORT_ROWS) throw new LtError('CATALOGUE_FILE_UNREADABLE', { format: 'file', detail: `more than ${MAX_IMPORT_ROWS} rows`, detailVi: `quá ${MAX_IMPORT_ROWS} dòng` });
  const keys = headerKeys(def, head.cells);
  const rows: Record<string, string>[] = [];
  const rowNumbers: number[] = [];
  for (const r of body) {
    if (r.cells.every((c) => c.trim() === '')) continue;
    const row: Record<string, string> = {};
    r.cells.forEach((c, i) => { const k = keys[i]; if (k && c.trim() !== '') row[k] = c.trim(); });
    rows.push(row);
    rowNumbers.push(r.line);
  }
  return { rows, rowNumbers };
}

function readCsv(def: KindDefinition, content: Buffer): FileRows {
  const text = content.toString('utf8');
  if (Buffer.from(text, 'utf8').compare(content) !== 0) throw new LtError('CATALOGUE_FILE_UNREADABLE', { format: 'CSV', detail: 'not UTF-8 text', detailVi: 'không phải văn bản UTF-8' });
  let records: { record: string[]; info: { lines: number } }[];
  try {
    // Excel saves "CSV UTF-8" with a BOM and, in Vietnamese locales, often with ";" between cells.
    const firstLine = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
    const delimiter = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
    records = parse(text, { bom: true, delimiter, info: true, relax_column_count: true, skip_empty_lines: false }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (err) {
    const e = err as { message?: string };
    throw new LtError('CATALOGUE_FILE_UNREADABLE', { format: 'CSV', detail: e.message ?? String(err), detailVi: e.message ?? String(err) });
  }
  return toRecords(def, records.map((r) => ({ cells: r.record, line: r.info.lines })));
}

/** A cell as text: dates as YYYY-MM-DD (Excel's dates carry no zone), rich text and formulas by their text or result. */
function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((t) => t.text).join('');
    if ('text' in v && typeof v.text === 'string') return v.text;
    if ('result' in v) return cellText(v.result as ExcelJS.CellValue);
    if ('error' in v) return '';
    return '';
  }
  return String(v);
}

async function readXlsx(def: KindDefinition, content: Buffer): Promise<FileRows> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(content as unknown as ArrayBuffer);
  } catch (err) {
    throw new LtError('CATALOGUE_FILE_UNREADABLE', { format: 'XLSX', detail: (err as Error).message, detailVi: 'tệp không phải bảng tính XLSX hợp lệ' });
  }
  const sheet = wb.worksheets[0];
  if (!sheet) throw new LtError('CATALOGUE_FILE_UNREADABLE', { format: 'XLSX', detail: 'the workbook has no sheet', detailVi: 'bảng tính không có trang nào' });
  const width = sheet.columnCount;
  const table: { cells: string[]; line: number }[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, line) => {
    const cells: string[] = [];
    for (let c = 1; c <= width; c++) cells.push(cellText(row.getCell(c).value));
    table.push({ cells, line });
  });
  return toRecords(def, table);
}

/** The file's rows keyed by column, or a located error (row 1 for a header problem). */
export async function readCatalogueFile(def: KindDefinition, format: ImportFormat, content: Buffer): Promise<FileRows> {
  return format === 'csv' ? readCsv(def, content) : readXlsx(def, content);
}
