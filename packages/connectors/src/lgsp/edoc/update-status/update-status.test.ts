import { describe, expect, it } from 'vitest';
import { outboundKey } from '../../../sdk/idempotency.js';
import { exampleTests, faultTests, noSecretLeakTest, useHarness } from '../../../testing/harness.js';
import { getEdoc } from '../get/index.js';
import { listReceivedEdocs } from '../list-received/index.js';
import { sampleEdoc } from '../send/examples.js';
import { sendEdoc } from '../send/index.js';
import { updateEdocStatus } from './index.js';

let n = 500;
const today = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
const staff = { department: 'Văn phòng Sở', staff: 'Trần Văn Thư' };

describe('lgsp:edoc:updateStatus, and the full exchange round trip', () => {
  const h = useHarness();
  /** The PC Office sends a fresh document to the Department of Justice; returns its DocumentId and DocId. */
  const send = async () => h().run(sendEdoc, { ...sampleEdoc, to: [sampleEdoc.to[0]], code: { codeNumber: String((n += 1)), codeNotation: 'VP-KSTT' } }, { credentialId: 'lgsp-vp' });
  const status = (documentId: unknown, statusCode: string, extra: Record<string, unknown> = {}, credentialId = 'lgsp-stp', key?: string) =>
    h().run(updateEdocStatus, { documentId, statusCode, organName: 'Sở Tư pháp Quảng Ngãi', staff, ...extra }, { credentialId, ...(key ? { key } : {}) });

  exampleTests(h, updateEdocStatus);

  it('round trip: send → receiver lists and gets it → 01 → 03 → 05 → 06 → the sender sees 06', async () => {
    const sent = await send();
    const inbox = await h().run(listReceivedEdocs, { messageType: 'edoc', fromDate: today }, { credentialId: 'lgsp-stp' });
    const item = (inbox.items as { docId: string; documentId: string }[]).find((i) => i.docId === sent.docId);
    expect(item?.documentId).toBe(sent.documentId);
    const doc = await h().run(getEdoc, { docId: sent.docId }, { credentialId: 'lgsp-stp' });
    expect(doc).toMatchObject({ documentId: sent.documentId, subject: sampleEdoc.subject, from: { organId: '000.00.92.H48' }, attachments: [{ cid: 'cv125', contentBase64: sampleEdoc.attachments[0]?.contentBase64 }] });
    for (const code of ['01', '03', '05', '06']) await expect(status(doc.documentId, code)).resolves.toMatchObject({ statusCode: code, duplicate: false });
    const statuses = await h().run(listReceivedEdocs, { messageType: 'status', fromDate: today }, { credentialId: 'lgsp-vp' });
    const mine = (statuses.items as { docId: string; statusCode: string }[]).filter((i) => i.docId === sent.docId).map((i) => i.statusCode);
    expect(mine).toEqual(['01', '03', '05', '06']);
    expect(statuses.latestStatus).toContainEqual({ docId: sent.docId, documentId: sent.documentId, from: '000.00.91.H48', statusCode: '06' });
  });

  it('the same status twice is acknowledged as a duplicate; going back is refused (ErrorCode 22)', async () => {
    const sent = await send();
    await status(sent.documentId, '01');
    await status(sent.documentId, '05');
    await expect(status(sent.documentId, '05')).resolves.toMatchObject({ duplicate: true });
    const err = await h().fail(updateEdocStatus, { documentId: sent.documentId, statusCode: '03', organName: 'Sở Tư pháp', staff }, { credentialId: 'lgsp-stp' });
    expect(err).toMatchObject({ code: 'CONNECTOR_REJECTED', retryable: false, params: { remoteCode: '22' } });
  });

  it('refusing intake (02) needs a reason, and is terminal', async () => {
    const sent = await send();
    const noReason = await h().fail(updateEdocStatus, { documentId: sent.documentId, statusCode: '02', organName: 'Sở Tư pháp', staff }, { credentialId: 'lgsp-stp' });
    expect(noReason.code).toBe('CONNECTOR_INPUT_INVALID');
    await status(sent.documentId, '02', { description: 'Không thuộc thẩm quyền' });
    const after = await h().fail(updateEdocStatus, { documentId: sent.documentId, statusCode: '03', organName: 'Sở Tư pháp', staff }, { credentialId: 'lgsp-stp' });
    expect(after.params.remoteCode).toBe('22');
  });

  it('recall: the sender asks (13), the receiver accepts (15); a receiver cannot ask', async () => {
    const sent = await send();
    await status(sent.documentId, '01');
    const byReceiver = await h().fail(updateEdocStatus, { documentId: sent.documentId, statusCode: '13', organName: 'Sở Tư pháp', staff }, { credentialId: 'lgsp-stp' });
    expect(byReceiver.params.remoteCode).toBe('22');
    await status(sent.documentId, '13', { description: 'Thu hồi để sửa số liệu', organName: 'Văn phòng UBND tỉnh' }, 'lgsp-vp');
    const inbox = await h().run(listReceivedEdocs, { messageType: 'status', fromDate: today }, { credentialId: 'lgsp-stp' });
    expect((inbox.items as { docId: string; statusCode: string }[]).some((i) => i.docId === sent.docId && i.statusCode === '13')).toBe(true);
    await expect(status(sent.documentId, '15')).resolves.toMatchObject({ statusCode: '15' });
  });

  it('a failAfterApply 503 followed by the retry applies the status exactly once', async () => {
    const sent = await send();
    h().sim.faults.set('lgsp.updateStatus', { failAfterApply: true, status: 503, count: 1 });
    await expect(status(sent.documentId, '01', {}, 'lgsp-stp', 'run-st/upd')).rejects.toMatchObject({ code: 'CONNECTOR_UNAVAILABLE' });
    await expect(status(sent.documentId, '01', {}, 'lgsp-stp', 'run-st/upd')).resolves.toMatchObject({ statusCode: '01', duplicate: false });
    expect(h().sim.counters.times('lgsp.updateStatus', `000.00.91.H48|${outboundKey('run-st/upd')}`)).toBe(2);
    const statuses = await h().run(listReceivedEdocs, { messageType: 'status', fromDate: today }, { credentialId: 'lgsp-vp' });
    expect((statuses.items as { docId: string }[]).filter((i) => i.docId === sent.docId)).toHaveLength(1);
  });

  let faultDoc = '';
  const codes = ['01', '03', '04', '05', '06'];
  let next = 0;
  it('(setup for the fault tests: one document to move along the path)', async () => {
    faultDoc = String((await send()).documentId);
    expect(faultDoc).toContain('000.00.92.H48');
  });
  faultTests(h, { mod: updateEdocStatus, operation: 'lgsp.updateStatus', credentialId: 'lgsp-stp', only: ['503', '429', 'malformed', 'maintenance'],
    input: () => ({ documentId: faultDoc, statusCode: codes[Math.min(next++, codes.length - 1)], organName: 'Sở Tư pháp', staff }) });

  noSecretLeakTest(h);
});
