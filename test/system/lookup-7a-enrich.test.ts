import { describe, expect, inject, it } from 'vitest';
import type { Payload } from '@temporalio/common';
import { connectClient, EncryptionCodec, payloadKeyFromMaster } from '@lienthong/temporal';
import type { TestPlatform } from '../helpers/platform.js';
import { useTestPlatform } from '../helpers/suite.js';

// DOMAIN §7.a steps 2, 6, 7 and 8 on the platform as `npm start` publishes examples/xac-thuc-cong-dan-day-du.json: the
// policy (the procedure catalogue says which procedures may read the population DB, and which of its fields), the
// enrichment that asks only for those fields (data minimisation), the catalogue mappings (ethnicity, sex, old → new
// commune), the name split and the answer with {verifiedAt, source, requestId}.

const FLOW = 'xac-thuc-cong-dan-day-du';
const KHAI_SINH = '1.001193.000.00.00.H48'; // may read: the person, the home town
const KET_HON = '1.000894.000.00.00.H48'; // may read: the person, the marital status and the spouse
const DOANH_NGHIEP = '2.002345.000.00.00.H48'; // in the catalogue, may read nothing
const AN = { soDinhDanh: '051090123456', hoVaTen: 'NGUYỄN VĂN AN', ngaySinh: '19900512' };
// Registered in Phường Trần Phú (21004), merged into Phường Cẩm Thành (21025) in 2025.
const MAI = { soDinhDanh: '051195004004', hoVaTen: 'HỒ THỊ MAI', ngaySinh: '19950304' };

/** Every payload of the run's Temporal history, decrypted with the platform's codec, as text. */
async function decodedHistory(p: TestPlatform, runId: string): Promise<string> {
  const codec = new EncryptionCodec(payloadKeyFromMaster(p.masterKey));
  const client = await connectClient({ address: inject('temporalAddress'), namespace: 'default' });
  try {
    const found: Payload[] = [];
    const walk = (v: unknown): void => {
      if (!v || typeof v !== 'object' || v instanceof Uint8Array) return;
      const o = v as Record<string, unknown>;
      if (o.metadata && typeof o.metadata === 'object' && o.data instanceof Uint8Array) { found.push(o as Payload); return; }
      for (const x of Array.isArray(v) ? v : Object.values(o)) walk(x);
    };
    walk(await client.workflow.getHandle(runId).fetchHistory());
    expect(found.length).toBeGreaterThan(5);
    return (await codec.decode(found)).map((d) => Buffer.from(d.data ?? new Uint8Array()).toString('utf8')).join('\n');
  } finally {
    await client.connection.close();
  }
}

let n = 0;
const request = (o: { procedureCode?: string; applicant?: typeof AN; purpose?: string; officerId?: string } = {}) => ({
  dossierNo: `000.25.94.H48-261206-${String(7000 + (n += 1))}`, procedureCode: o.procedureCode ?? KHAI_SINH, officerId: o.officerId ?? '051085000111',
  applicant: o.applicant ?? AN, ...(o.purpose === undefined ? { purpose: 'Giải quyết hồ sơ đăng ký' } : o.purpose ? { purpose: o.purpose } : {}),
});

describe('7.a policy, enrichment and catalogue mapping (examples/xac-thuc-cong-dan-day-du.json)', () => {
  const p = useTestPlatform();
  const run = (body: unknown) => p.request('POST', `/api/v1/flows/${FLOW}/runs`, body);
  const populationCalls = () => Object.entries(p.simulators?.counters.snapshot() ?? {})
    .filter(([op]) => op.startsWith('population.')).reduce((sum, [, c]) => sum + c.calls, 0);

  it('refuses, with a code naming the field and before any population-DB call, a procedure outside the catalogue or not allowed to read it, a missing purpose or officer', async () => {
    const before = populationCalls();
    const cases: [unknown, string, string][] = [
      [request({ procedureCode: '1.999999.000.00.00.H48' }), 'XAC_THUC_THU_TUC_KHONG_CO', 'procedureCode'],
      [request({ procedureCode: DOANH_NGHIEP }), 'XAC_THUC_THU_TUC_KHONG_DUOC_PHEP', 'procedureCode'],
      [request({ purpose: '' }), 'XAC_THUC_THIEU_MUC_DICH', 'purpose'],
      [request({ purpose: '   ' }), 'XAC_THUC_THIEU_MUC_DICH', 'purpose'],
      [request({ officerId: '  ' }), 'XAC_THUC_THIEU_CAN_BO', 'officerId'],
    ];
    for (const [body, code, field] of cases) {
      const r = await run(body);
      expect([r.status, r.body.error?.code, r.body.error?.where?.field, r.body.error?.where?.pointer], JSON.stringify(r.body)).toEqual([422, code, field, `/${field}`]);
      expect(r.body.error.message.vi).toBeTruthy();
      expect(r.body.error.message.en).toBeTruthy();
    }
    expect(populationCalls()).toBe(before);
  });

  it('answers a match with the dossier fields the procedure needs, codes mapped through the catalogues and the name split; fields it may not read never reach the run', async () => {
    const r = await run(request());
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const out = r.body.output;
    expect(out).toMatchObject({ result: 'MATCH', source: 'CSDLQG-DC', requestId: expect.stringMatching(/\S/), verifiedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/) });
    expect(out.hoSo).toEqual({
      hoDem: 'NGUYỄN VĂN', ten: 'AN', hoVaTen: 'NGUYỄN VĂN AN', gioiTinh: 'M', danToc: 'Kinh', maDanToc: '01', ngaySinh: '1990-05-12',
      thuongTru: { maTinh: '51', maXa: '21025', diaChi: '12 Lê Lợi' }, queQuan: { maTinh: '51', maXa: '21028' },
    });
    // The parents, the spouse, the religion: in the population DB, not asked for by a birth registration, so in no node's
    // output (the run's recorded step results) and not in the answer.
    const runId = r.body.runId as string;
    const history = await decodedHistory(p, runId);
    expect(history).toContain('"QueQuan"'); // what it asked for is there: the check below reads the real payloads
    for (const seen of [JSON.stringify(out), history]) expect(seen).not.toMatch(/LÊ THỊ CÚC|NGUYỄN VĂN BÌNH|TRẦN THỊ BÍCH NGỌC|051162002222|051185004321|"TonGiao"/);

    // A marriage registration may read the spouse: the same citizen, now with it.
    const married = await run(request({ procedureCode: KET_HON }));
    expect(married.body.output.hoSo).toMatchObject({ tinhTrangHonNhan: '2', voChong: { HoVaTen: 'TRẦN THỊ BÍCH NGỌC' } });
    expect(married.body.output.hoSo.queQuan).toBeUndefined();
  });

  it('maps a pre-2025 commune of residence to the current one through the administrative-units catalogue, keeping the old code', async () => {
    const r = await run(request({ applicant: MAI }));
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.output.hoSo).toMatchObject({ hoDem: 'HỒ THỊ', ten: 'MAI', gioiTinh: 'F', danToc: 'Hrê', ngaySinh: '1995-03-04',
      thuongTru: { maTinh: '51', maXa: '21025', maXaCu: '21004', diaChi: '8 Trần Phú' } });
  });
});
