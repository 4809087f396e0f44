import { readFileSync, readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compile } from '@lienthong/flow';
import { manifests } from '@lienthong/connectors/manifests';
import { activityTypes, recordHistory, startFlowHarness, until, type FlowHarness } from './flow-harness.js';
import { progressQuery, waitSignal } from '@lienthong/temporal/contracts';

const dir = new URL('../../examples/', import.meta.url);
const example = (name: string): Record<string, any> => JSON.parse(readFileSync(new URL(`${name}.json`, dir), 'utf8'));
/**
 * The short dossier-routing flow (a wait node for the officer's decision, escalation at its timeout) that 7.b's example
 * was before it grew human tasks and the catalogue (test/system/routing-7b.test.ts runs that one on the platform).
 */
const waitRouting = (): Record<string, any> => JSON.parse(readFileSync(new URL('../fixtures/flows/dieu-phoi-cho-quyet-dinh.json', import.meta.url), 'utf8'));
/** The example with one wait node's timeout shortened, so a test sees the deadline pass. */
const withTimeout = (doc: Record<string, any>, nodeId: string, timeout: string) =>
  ({ ...doc, nodes: { ...doc.nodes, [nodeId]: { ...doc.nodes[nodeId], timeout } } });

describe('the example flows', () => {
  it('every file in examples/ is a valid flow document that compiles against the registered connectors', () => {
    const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
    expect(files).toEqual(expect.arrayContaining(['xac-thuc-cong-dan.json', 'dieu-phoi-ho-so.json', 'tong-hop-bao-cao.json', 'bao-cao-xa.json', 'ioc-chi-so.json', 'phan-anh-kien-nghi.json']));
    for (const f of files) {
      const r = compile(JSON.parse(readFileSync(new URL(f, dir), 'utf8')), manifests);
      expect(r.ok ? [] : r.errors.map((e) => `${f}: ${e.code} ${e.message}`)).toEqual([]);
    }
  });

  describe('run against the simulators on the real Temporal server', () => {
    let h: FlowHarness;
    beforeAll(async () => { h = await startFlowHarness(); });
    afterAll(async () => { await h?.stop(); });

    it('7.a citizen verification answers MATCH', async () => {
      const { result, handle } = await h.run(example('xac-thuc-cong-dan'), {
        dossierNo: '000.25.94.H48-260115-0007', procedureCode: '1.001193.000.00.00.H48', officerId: '051085000111',
        applicant: { soDinhDanh: '051090123456', hoVaTen: 'NGUYỄN VĂN AN', ngaySinh: '19900512' },
      });
      expect(result.output).toMatchObject({ result: 'MATCH', source: 'CSDLQG-DC' });
      await recordHistory(h.client, 'xac-thuc-cong-dan', handle.workflowId);
    });

    const dossier = (n: number) => ({
      dossierNo: `000.25.94.H48-260115-${String(n).padStart(4, '0')}`, procedureCode: '1.001193.000.00.00.H48', procedureName: 'Đăng ký khai sinh',
      applicantName: 'Nguyễn Văn An', receivedAt: '20260115083000', dueAt: '20260129170000', handlingAgencyCode: '000.25.94.H48',
    });

    it('dossier routing on a wait node: the officer decides in time; the portal gets the sync and the progress', async () => {
      const handle = await h.start(waitRouting(), dossier(21));
      await until(() => h.progress(handle), (p) => p.waitingFor.includes('decision'));
      await handle.signal(waitSignal('decision'), { decision: 'approved', officerId: 'cb-camthanh-01' });
      const result = await handle.result() as { output: unknown };
      expect(result.output).toEqual({ dossierNo: dossier(21).dossierNo, outcome: 'approved', escalated: false, by: 'cb-camthanh-01' });
      expect(activityTypes(await handle.fetchHistory())).toEqual(['dvcqg:dossier:sync@1', 'dvcqg:dossier:progress@1']);
      await recordHistory(h.client, 'dieu-phoi-ho-so', handle.workflowId);
    });

    it('dossier routing on a wait node: past the deadline it reports the delay and escalates; the head refuses', async () => {
      const handle = await h.start(withTimeout(waitRouting(), 'cho_xu_ly', '1s'), dossier(22));
      const waiting = await until(() => h.progress(handle), (p) => p.nodes.cho_lanh_dao?.status === 'waiting');
      expect(waiting.nodes.cho_xu_ly).toMatchObject({ handle: 'timeout' });
      await handle.signal(waitSignal('decision'), { decision: 'refused', officerId: 'lanh-dao-01', note: 'thiếu giấy tờ' });
      const result = await handle.result() as { output: unknown };
      expect(result.output).toEqual({ dossierNo: dossier(22).dossierNo, outcome: 'refused', escalated: true, by: 'lanh-dao-01' });
      expect(activityTypes(await handle.fetchHistory())).toEqual(['dvcqg:dossier:sync@1', 'dvcqg:dossier:progress@1', 'dvcqg:dossier:progress@1']);
      await recordHistory(h.client, 'dieu-phoi-ho-so-qua-han', handle.workflowId);
    });

    it('7.c report roll-up: one child run per commune, aggregated at the deadline with the missing commune, submitted to the national system', async () => {
      const child = withTimeout(example('bao-cao-xa'), 'cho_nop', '3s');
      const communes = [{ code: '21025', name: 'Cẩm Thành' }, { code: '21028', name: 'Nghĩa Lộ' }, { code: '21172', name: 'Trà Câu' }];
      const handle = await h.start(example('tong-hop-bao-cao'), {
        regimeCode: 'BC-KTXH-THANG', periodLabel: '2026-01', templateVersion: 2, communes, signature: Buffer.alloc(64, 7).toString('base64'),
      }, { subflows: [child] });
      const submissions = [{ A01: 10, A02: 8, A05: 'Ổn định' }, { A01: 20, A02: 15, A04: 120 }];
      for (const [i, values] of submissions.entries()) {
        const c = h.client.workflow.getHandle(`${handle.workflowId}/thu_thap/${i}`);
        await until(() => c.query(progressQuery), (p) => p.waitingFor.includes('submitted'));
        await c.signal(waitSignal('submitted'), { values, submittedBy: `xa-${communes[i]?.code}` });
      }
      const result = await handle.result() as { output: { receiptId: string; submitted: string[]; missing: string[] } };
      expect(result.output.receiptId).toMatch(/^BC-/);
      expect(result.output.submitted).toEqual(['21025', '21028']);
      expect(result.output.missing).toEqual(['21172']);
      const submitted = (await handle.fetchHistory()).events?.find((e) => e.activityTaskScheduledEventAttributes)?.activityTaskScheduledEventAttributes;
      expect(submitted?.activityType?.name).toBe('reporting:national:submitAggregate@1');
      await recordHistory(h.client, 'tong-hop-bao-cao', handle.workflowId);
      await recordHistory(h.client, 'bao-cao-xa', `${handle.workflowId}/thu_thap/0`);
      await recordHistory(h.client, 'bao-cao-xa-qua-han', `${handle.workflowId}/thu_thap/2`);
    });

    it('7.d IOC indicators: one batch pushed; an unknown area is reported back as rejected', async () => {
      const { result, handle } = await h.run(example('ioc-chi-so'), {
        date: '2026-01-15', counts: [{ communeCode: '21025', count: 12 }, { communeCode: '21028', count: 7 }, { communeCode: '99999', count: 1 }],
      });
      expect(result.output).toMatchObject({ accepted: 2, rejected: 1 });
      expect(result.nodes.kiem_tra).toMatchObject({ handle: 'rejected' });
      await recordHistory(h.client, 'ioc-chi-so', handle.workflowId);
    });

    it('7.d citizen feedback: an item of a category the province does not handle is rejected with its reason, told to the IOC and recorded', async () => {
      // The full path (routed, answered in the task inbox, surveyed, closed) needs the platform's tasks: test/system/ioc-feedback.test.ts.
      const handle = await h.start(example('phan-anh-kien-nghi'), { feedbackId: 'PAKN-2026-000123', category: 'khong_ro', communeCode: '21025',
        content: 'Đèn đường hỏng trên đường Hùng Vương', receivedAt: '2026-01-15T07:30:00+07:00' });
      const result = await handle.result() as { output: unknown };
      expect(result.output).toEqual({ feedbackId: 'PAKN-2026-000123', status: 'rejected', reason: 'Lĩnh vực không thuộc phạm vi tiếp nhận / the category is not handled', duplicateOf: null });
      expect(activityTypes(await handle.fetchHistory())).toEqual(['ioc:feedback:record@1', 'ioc:feedback:updateStatus@1', 'ioc:feedback:record@1']);
      await recordHistory(h.client, 'phan-anh-kien-nghi', handle.workflowId);
    });
  });
});
