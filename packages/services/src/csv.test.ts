import { describe, expect, it } from 'vitest';
import { csvCell, csvTable } from './csv.js';

describe('the one CSV writer', () => {
  it('quotes commas, quotes and line breaks (RFC 4180) and ends every record with CRLF', () => {
    expect(csvTable(['a', 'b'], [['x,y', 'say "hi"'], ['line\nbreak', null]])).toBe('a,b\r\n"x,y","say ""hi"""\r\n"line\nbreak",\r\n');
    expect(csvTable(['a'], [], { bom: true })).toBe('\ufeffa\r\n');
  });

  it('neutralises text a spreadsheet would run as a formula, and keeps numbers as numbers', () => {
    expect(csvCell('=HYPERLINK("http://evil.example","Bấm")')).toBe('"\'=HYPERLINK(""http://evil.example"",""Bấm"")"');
    for (const s of ['+1+cmd', '-2+3', '@SUM(A1)', '\tx', '\rx']) expect(csvCell(s).replace(/^"/, '')).toMatch(/^'/);
    expect(csvCell(-5)).toBe('-5');
    expect(csvCell('user:admin')).toBe('user:admin');
  });

  it('writes dates as ISO 8601, objects as JSON and empty values as empty cells', () => {
    expect(csvCell(new Date('2026-12-06T00:00:00Z'))).toBe('2026-12-06T00:00:00.000Z');
    expect(csvCell({ a: 1 })).toBe('"{""a"":1}"');
    expect([csvCell(null), csvCell(undefined), csvCell(Number.NaN)]).toEqual(['', '', '']);
  });
});
