import ExcelJS from 'exceljs';
import type { OperationsReport } from './data.js';
import { reportTables, reportTitle } from './tables.js';

/**
 * An operations report as an Excel workbook (exceljs): one sheet per table of `reportTables`, numbers as numbers
 * (rates as fractions shown as percentages), a bold frozen header row.
 */
export async function reportXlsx(r: OperationsReport): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Liên Thông';
  wb.title = reportTitle(r);
  wb.created = new Date(r.generatedAt);
  for (const t of reportTables(r)) {
    const ws = wb.addWorksheet(t.sheet, { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = t.columns.map((c) => ({ header: c.header, width: c.width, ...(c.format ? { style: { numFmt: c.format === 'percent' ? '0.00%' : '#,##0' } } : {}) }));
    ws.getRow(1).font = { bold: true };
    for (const row of t.rows) ws.addRow(row.map((v) => v ?? undefined));
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
