import { describe, expect, it } from 'vitest';
import { useTestPlatform } from '../helpers/suite.js';
import { until } from './flow-harness.js';

// DOMAIN §7.b step 2 on the platform as `npm start` publishes the examples (a called subflow before its caller): a dossier
// that carries the applicant's ID number is verified through flow 7.a (xac-thuc-cong-dan-day-du) as a pinned subflow,
// a child run of the dossier's run. A match goes on to the promised date and the routing; a mismatch fails the dossier
// with a code naming the field (applicant.soDinhDanh), before the portal or any agency hears of it.

const FLOW = 'dieu-phoi-ho-so';
const dossier = (n: number, soDinhDanh: string) => ({
  dossierNo: `000.25.94.H48-261207-${String(n).padStart(4, '0')}`, procedureCode: '1.001193.000.00.00.H48', procedureName: 'Đăng ký khai sinh',
  applicantName: 'Nguyễn Văn An', applicant: { soDinhDanh, hoVaTen: 'NGUYỄN VĂN AN', ngaySinh: '19900512' }, officerId: 'can-bo-mot-cua-01',
  communeCode: '21025', receivedAt: '20261204083000', components: ['to-khai.pdf'],
});

describe('7.b: the applicant verified through 7.a as a subflow', () => {
  const p = useTestPlatform();

  async function start(input: Record<string, unknown>): Promise<string> {
    const started = await p.request('POST', `/api/v1/flows/${FLOW}/runs?wait=0s`, input);
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    return started.body.runId as string;
  }
  const run = (runId: string) => p.request('GET', `/api/v1/runs/${encodeURIComponent(runId)}`);
  const portalHeard = (dossierNo: string) => p.simulators?.state<{ dossiers: Map<string, unknown> }>('dvcqg', () => ({ dossiers: new Map() })).dossiers.has(dossierNo);

  it('both examples are published, 7.a first; a matching applicant is verified by a 7.a child run (MATCH) and the dossier goes on to routing', async () => {
    const flows = await p.request('GET', '/api/v1/flows?limit=200');
    const keys = JSON.stringify(flows.body);
    expect(keys).toContain('xac-thuc-cong-dan-day-du');
    expect(keys).toContain(FLOW);

    const runId = await start(dossier(1, '051090123456'));
    const waiting = await until(() => run(runId), (r) => r.body?.nodes?.cho_tiep_nhan?.status === 'waiting' || r.body?.status !== 'running', 600);
    expect(waiting.body.status).toBe('running');
    // The child run (7.a) answered MATCH: the check took its "khop" branch.
    expect(waiting.body.nodes).toMatchObject({ co_dinh_danh: { handle: 'xac_thuc' }, xac_thuc_nguoi_nop: { status: 'succeeded' }, nguoi_nop_khop: { handle: 'khop' } });
    expect(portalHeard(dossier(1, '051090123456').dossierNo)).toBe(true);
    expect((await p.request('POST', `/api/v1/runs/${encodeURIComponent(runId)}/cancel`)).status).toBeLessThan(300);
  });

  it('an applicant the population DB does not know fails the dossier naming applicant.soDinhDanh; the portal never hears of it', async () => {
    const input = dossier(2, '051090111222');
    const runId = await start(input);
    const failed = await until(() => run(runId), (r) => r.body?.status !== 'running', 600);
    expect(failed.body.status).toBe('failed');
    expect(failed.body.error).toMatchObject({ code: 'HO_SO_NGUOI_NOP_KHONG_XAC_THUC', where: { field: 'applicant.soDinhDanh', pointer: '/applicant/soDinhDanh', nodeId: 'nguoi_nop_khong_khop' } });
    expect(failed.body.error.message).toMatchObject({ vi: expect.stringContaining('không khớp'), en: expect.stringContaining('do not match') });
    expect(portalHeard(input.dossierNo)).toBe(false);
  });

  it('a bad ID number is refused at the door (400 naming the field), before any run', async () => {
    const r = await p.request('POST', `/api/v1/flows/${FLOW}/runs?wait=0s`, { ...dossier(3, '0510901'), applicant: { soDinhDanh: '0510901', hoVaTen: 'A' } });
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.body)).toContain('/applicant/soDinhDanh');
  });
});
