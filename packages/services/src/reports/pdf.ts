import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import type { OperationsReport } from './data.js';
import { reportTables, reportTitle, type Cell, type Column } from './tables.js';

// Vietnamese needs a Unicode font embedded in the file: DejaVu, shipped by an npm package (no download at run time).
const require = createRequire(import.meta.url);
const FONT = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf');
const FONT_BOLD = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf');

const MARGIN = 36;
const ROW_H = 16;
const numberVi = new Intl.NumberFormat('vi-VN');

function cellText(v: Cell, c: Column): string {
  if (v === null) return '—';
  if (typeof v === 'number') return c.format === 'percent' ? `${(v * 100).toFixed(2).replace('.', ',')} %` : numberVi.format(v);
  return v;
}

/**
 * An operations report as a PDF (pdfkit, A4 landscape): the title, then each table of `reportTables` under its heading,
 * columns sized in proportion to their spreadsheet widths, a table carried over to the next page with its header again.
 */
export function reportPdf(r: OperationsReport): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', layout: 'landscape', margin: MARGIN, bufferPages: true,
    info: { Title: reportTitle(r), Author: 'Liên Thông', CreationDate: new Date(r.generatedAt) } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => { doc.on('end', () => resolve(Buffer.concat(chunks))); doc.on('error', reject); });
  doc.registerFont('body', FONT);
  doc.registerFont('bold', FONT_BOLD);
  const width = doc.page.width - 2 * MARGIN;
  const bottom = () => doc.page.height - MARGIN - ROW_H;

  doc.font('bold').fontSize(16).text(reportTitle(r), { width });
  doc.font('body').fontSize(9).fillColor('#555')
    .text(`${r.agency ? `Cơ quan / Agency: ${r.agency}` : 'Toàn nền tảng / Whole platform'} · Lập lúc / Generated at ${r.generatedAt}`, { width });
  doc.fillColor('black').moveDown();

  for (const t of reportTables(r)) {
    const total = t.columns.reduce((a, c) => a + c.width, 0);
    const widths = t.columns.map((c) => (c.width / total) * width);
    const row = (cells: string[], bold: boolean) => {
      if (doc.y > bottom()) doc.addPage();
      const y = doc.y;
      let x = MARGIN;
      doc.font(bold ? 'bold' : 'body').fontSize(8);
      cells.forEach((text, i) => {
        const w = widths[i] ?? 0;
        const numeric = t.columns[i]?.format !== undefined && !bold;
        doc.text(text, x + 2, y + 4, { width: w - 4, height: ROW_H - 4, lineBreak: false, ellipsis: true, align: numeric ? 'right' : 'left' });
        x += w;
      });
      doc.moveTo(MARGIN, y + ROW_H).lineTo(MARGIN + width, y + ROW_H).lineWidth(0.3).strokeColor('#bbb').stroke();
      doc.x = MARGIN;
      doc.y = y + ROW_H;
    };
    if (doc.y > bottom() - 3 * ROW_H) doc.addPage();
    doc.moveDown(0.5).font('bold').fontSize(12).text(t.title, MARGIN, doc.y, { width });
    doc.moveDown(0.2);
    const header = t.columns.map((c) => c.header);
    row(header, true);
    if (t.rows.length === 0) row(['(không có dữ liệu / no data)', ...header.slice(1).map(() => '')], false);
    for (const cells of t.rows) {
      if (doc.y > bottom()) { doc.addPage(); row(header, true); }
      row(cells.map((v, i) => cellText(v, t.columns[i] ?? { header: '', width: 0 })), false);
    }
  }
  // Page numbers, once every page exists.
  const range = doc.bufferedPageRange();
  for (let i = 0; i < range.count; i++) {
    doc.switchToPage(range.start + i);
    doc.page.margins.bottom = 0; // writing in the margin would otherwise start a new page
    doc.font('body').fontSize(8).fillColor('#555').text(`Trang / Page ${i + 1}/${range.count}`, MARGIN, doc.page.height - MARGIN + 8, { width, align: 'right', lineBreak: false });
  }
  doc.end();
  return done;
}
