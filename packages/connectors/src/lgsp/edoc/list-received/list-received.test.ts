import { describe, expect, it } from 'vitest';
import { exampleTests, faultTests, noSecretLeakTest, useHarness } from '../../../testing/harness.js';
import { sampleEdoc } from '../send/examples.js';
import { sendEdoc } from '../send/index.js';
import { foldStatuses } from './fold.js';
import { listReceivedEdocs } from './index.js';

const today = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);

describe('lgsp:edoc:listReceived', () => {
  const h = useHarness();
  exampleTests(h, listReceivedEdocs);
  faultTests(h, { mod: listReceivedEdocs, input: { messageType: 'edoc', fromDate: today }, operation: 'lgsp.syncReceivedEdocList', credentialId: 'lgsp-stp' });

  it('a duplicate delivery is dropped: each message once', async () => {
    await h().run(sendEdoc, sampleEdoc, { credentialId: 'lgsp-vp' });
    h().sim.faults.set('lgsp.syncReceivedEdocList', { duplicate: true, count: 1 });
    const out = await h().run(listReceivedEdocs, { messageType: 'edoc', fromDate: today }, { credentialId: 'lgsp-camthanh' });
    expect(out.items).toHaveLength(1);
    expect(out.duplicatesDropped).toBe(1);
  });

  it('statuses out of order keep the highest state and report the anomaly', () => {
    const s = (id: string, statusCode: string) => ({ id, docId: 'd1', documentId: 'x', from: '000.00.91.H48', statusCode });
    const r = foldStatuses([s('a', '01'), s('b', '05'), s('c', '03'), s('d', '13'), s('e', '06')]);
    expect(r.latestStatus).toEqual([{ docId: 'd1', documentId: 'x', from: '000.00.91.H48', statusCode: '06' }]);
    expect(r.anomalies).toEqual([{ docId: 'd1', from: '000.00.91.H48', statusCode: '03', kept: '05', kind: 'out_of_order' }]);
  });

  it('a date range in the future is empty', async () => {
    const out = await h().run(listReceivedEdocs, { messageType: 'edoc', fromDate: '2099-01-01' }, { credentialId: 'lgsp-stp' });
    expect(out.items).toEqual([]);
  });

  noSecretLeakTest(h);
});
