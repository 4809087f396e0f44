// Importing catalogues from the files provinces keep them in: CSV (Excel's "CSV UTF-8", with a BOM and ";" in Vietnamese
// locales) and XLSX. A good file becomes a new version; a file with bad rows writes nothing and names each bad cell
// by its spreadsheet row and column.
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { useTestPlatform } from '../helpers/suite.js';

interface Located { code: string; message: { vi: string; en: string }; where: { field?: string } }
const b64 = (s: string | Buffer) => Buffer.from(s).toString('base64');

async function xlsx(rows: (string | number | Date)[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('Lich');
  for (const r of rows) sheet.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('catalogues: import from CSV and XLSX', () => {
  const p = useTestPlatform();
  const current = async (kind: string) => (await p.request('GET', `/api/v1/catalogues/${kind}`)).body as { version: number; rows: Record<string, unknown>[] };

  it('a CSV with Vietnamese headers, a BOM and ";" becomes the new version of the agencies', async () => {
    const base = await current('agencies');
    const csv = '\uFEFFMã định danh;Tên cơ quan;Cơ quan cấp trên\r\n000.00.00.H48;UBND tỉnh Quảng Ngãi;\r\n000.00.91.H48;"Sở Tư pháp; tỉnh Quảng Ngãi";000.00.00.H48\r\n\r\n';
    const r = await p.request('POST', '/api/v1/catalogues/agencies/import', { format: 'csv', contentBase64: b64(csv), baseVersion: base.version, note: 'nhập từ CSV' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ version: base.version + 1, source: 'import:csv', rowCount: 2, note: 'nhập từ CSV' });
    expect((await current('agencies')).rows).toEqual([
      { code: '000.00.00.H48', name: 'UBND tỉnh Quảng Ngãi' },
      { code: '000.00.91.H48', name: 'Sở Tư pháp; tỉnh Quảng Ngãi', parentCode: '000.00.00.H48' },
    ]);
  });

  it('a CSV with bad rows writes nothing and names every bad cell by row and column', async () => {
    const base = await current('procedures');
    const csv = [
      'code,name,deadlineWorkingDays,agencyCode',
      '2.001234.000.00.00.H48,Cấp phiếu lý lịch tư pháp,10,000.00.91.H48',
      '2.1234,Sai mã,3,000.00.91.H48',
      '2.002345.000.00.00.H48,,3,000.00.95.H48',
      '2.001234.000.00.00.H48,Trùng mã,10,000.00.91.H48',
    ].join('\n');
    const r = await p.request('POST', '/api/v1/catalogues/procedures/import', { format: 'csv', contentBase64: b64(csv), baseVersion: base.version });
    expect(r.status).toBe(400);
    const errors = r.body.errors as Located[];
    expect(errors.map((e) => [e.code, e.where.field])).toEqual([
      ['CATALOGUE_ROW_INVALID', 'code'], ['CATALOGUE_ROW_INVALID', 'name'], ['CATALOGUE_ROW_INVALID', 'code'],
    ]);
    expect(errors.map((e) => e.message.vi)).toEqual([
      expect.stringContaining('Dòng 3, cột code'), expect.stringContaining('Dòng 4, cột name: bắt buộc'), expect.stringContaining('Dòng 5, cột code: trùng với dòng 2'),
    ]);
    expect(errors[0]?.message.en).toContain('Row 3, column code');
    expect((await current('procedures')).version).toBe(base.version);
  });

  it('an XLSX calendar with date cells imports; a make-up working day on a weekday is refused at its row', async () => {
    const base = await current('calendar');
    const good = await xlsx([
      ['Ngày', 'Loại (nghỉ / làm bù)', 'Tên ngày', 'Căn cứ'],
      [new Date(Date.UTC(2028, 0, 1)), 'nghỉ', 'Tết Dương lịch', 'BLLĐ 2019 Đ112'],
      ['2028-01-29', 'làm bù', 'Làm bù', 'thử nghiệm'],
    ]);
    const ok = await p.request('POST', '/api/v1/catalogues/calendar/import', { format: 'xlsx', contentBase64: b64(good), baseVersion: base.version });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body).toMatchObject({ version: base.version + 1, source: 'import:xlsx', rowCount: 2 });
    expect((await current('calendar')).rows).toEqual([
      { date: '2028-01-01', type: 'holiday', name: 'Tết Dương lịch', source: 'BLLĐ 2019 Đ112' },
      { date: '2028-01-29', type: 'working', name: 'Làm bù', source: 'thử nghiệm' },
    ]);
    const counted = await p.request('GET', '/api/v1/catalogues/calendar/working-days?from=2028-01-28&days=1');
    expect(counted.body).toMatchObject({ date: '2028-01-29' }); // the make-up Saturday counts

    const bad = await xlsx([['date', 'type', 'name'], ['2028-01-01', 'holiday', 'Tết Dương lịch'], ['2028-01-31', 'working', 'Thứ Hai không làm bù được']]);
    const refused = await p.request('POST', '/api/v1/catalogues/calendar/import', { format: 'xlsx', contentBase64: b64(bad), baseVersion: base.version + 1 });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({ code: 'CATALOGUE_ROW_INVALID', where: { field: 'date' } });
    expect(refused.body.error.message.vi).toContain('Dòng 3, cột date: ngày làm bù phải là thứ Bảy hoặc Chủ nhật');
    expect((await current('calendar')).version).toBe(base.version + 1);
  });

  it('an unknown column, a missing required one and a file that is not a spreadsheet are coded 400s at row 1 or the file', async () => {
    const base = await current('admin-units');
    const header = await p.request('POST', '/api/v1/catalogues/admin-units/import', { format: 'csv', contentBase64: b64('code,ten goi\n51,Quảng Ngãi'), baseVersion: base.version });
    expect(header.status).toBe(400);
    expect((header.body.errors as Located[]).map((e) => [e.where.field, e.message.vi.slice(0, 7)])).toEqual([['ten goi', 'Dòng 1,'], ['name', 'Dòng 1,'], ['level', 'Dòng 1,']]);
    const junk = await p.request('POST', '/api/v1/catalogues/admin-units/import', { format: 'xlsx', contentBase64: b64('không phải xlsx'), baseVersion: base.version });
    expect(junk.status).toBe(400);
    expect(junk.body.error.code).toBe('CATALOGUE_FILE_UNREADABLE');
    const unknownKind = await p.request('POST', '/api/v1/catalogues/dan-toc/import', { format: 'csv', contentBase64: '', baseVersion: 1 });
    expect(unknownKind.status).toBe(400);
    expect((await current('admin-units')).version).toBe(base.version);
  });

  it('a successor code must be a unit of the catalogue', async () => {
    const base = await current('admin-units');
    const csv = 'code,name,level,validTo,successorCodes\n21025,Phường Cẩm Thành,xa,,\n21001,Phường Lê Hồng Phong (cũ),xa,2025-06-30,21025;21999\n';
    const r = await p.request('POST', '/api/v1/catalogues/admin-units/import', { format: 'csv', contentBase64: b64(csv), baseVersion: base.version });
    expect(r.status).toBe(400);
    expect(r.body.error.message.en).toBe('Row 3, column successorCodes: successor code 21999 is not in the catalogue');
  });
});
