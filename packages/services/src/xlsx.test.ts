import { inflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { columnName, xlsxWorkbook } from './xlsx.js';

/** The files of a ZIP, read through its central directory (what spreadsheet tools do). */
function unzip(buf: Buffer): Map<string, string> {
  const end = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = buf.readUInt16LE(end + 10);
  let at = buf.readUInt32LE(end + 16);
  const files = new Map<string, string>();
  for (let i = 0; i < count; i++) {
    expect(buf.readUInt32LE(at)).toBe(0x02014b50);
    const size = buf.readUInt32LE(at + 20);
    const nameLen = buf.readUInt16LE(at + 28);
    const local = buf.readUInt32LE(at + 42);
    const name = buf.subarray(at + 46, at + 46 + nameLen).toString('utf8');
    const dataAt = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    files.set(name, inflateRawSync(buf.subarray(dataAt, dataAt + size)).toString('utf8'));
    at += 46 + nameLen;
  }
  return files;
}

describe('xlsx writer', () => {
  it('names columns as spreadsheets do', () => {
    expect([0, 25, 26, 51, 701, 702].map(columnName)).toEqual(['A', 'Z', 'AA', 'AZ', 'ZZ', 'AAA']);
  });

  it('writes the parts of a workbook, text escaped, numbers as numbers, empty cells left out', () => {
    const file = xlsxWorkbook([{ name: 'Thống kê', rows: [['Luồng', 'Số lượt'], ['a<b & "c"', 3], ['trống', null]], formats: { 1: '0' } }]);
    const files = unzip(file);
    expect([...files.keys()]).toEqual(['[Content_Types].xml', '_rels/.rels', 'xl/workbook.xml', 'xl/_rels/workbook.xml.rels', 'xl/styles.xml', 'xl/worksheets/sheet1.xml']);
    const sheet = files.get('xl/worksheets/sheet1.xml') ?? '';
    expect(sheet).toContain('<t xml:space="preserve">a&lt;b &amp; &quot;c&quot;</t>');
    expect(sheet).toContain('<c r="B2" s="2"><v>3</v></c>');
    expect(sheet).not.toContain('r="B3"');
    expect(files.get('xl/workbook.xml')).toContain('<sheet name="Thống kê" sheetId="1" r:id="rId1"/>');
  });

  it('gives the same bytes for the same content, and refuses a sheet name Excel would', () => {
    const sheets = [{ name: 'A', rows: [['x', 1]] }];
    expect(xlsxWorkbook(sheets).equals(xlsxWorkbook(sheets))).toBe(true);
    expect(() => xlsxWorkbook([{ name: 'a/b', rows: [] }])).toThrow(/sheet name/);
    expect(() => xlsxWorkbook([])).toThrow(/at least one sheet/);
  });
});
