import { describe, expect, it } from 'vitest';
import { checkEdxml } from '@lienthong/simulators';
import { exampleTests, faultTests, noSecretLeakTest, useHarness } from '../../../testing/harness.js';
import { outboundKey } from '../../../sdk/idempotency.js';
import { buildEdxml, type EdocInput } from '../edxml.js';
import { sampleEdoc } from './examples.js';
import { sendEdoc } from './index.js';

let n = 200;
/** A fresh document number per call: the LGSP refuses a second package with the same DocumentId. */
const fresh = () => ({ ...sampleEdoc, code: { codeNumber: String((n += 1)), codeNotation: 'VP-KSTT' } });

describe('lgsp:edoc:send', () => {
  const h = useHarness();
  exampleTests(h, sendEdoc);
  faultTests(h, { mod: sendEdoc, input: fresh, operation: 'lgsp.sendEdoc' });

  it('builds an edXML package that fits the QCVN 102:2016 structure (checked by the simulator\'s own validator)', () => {
    const xml = buildEdxml({ ...sampleEdoc, from: { ...sampleEdoc.from, organId: '000.00.92.H48' } } as EdocInput, new Date('2026-01-15T01:42:00Z'));
    const { issues, summary } = checkEdxml(xml);
    expect(issues).toEqual([]);
    expect(summary).toMatchObject({
      documentId: '000.00.92.H48,2026/01/15,125/VP-KSTT', from: { organId: '000.00.92.H48' },
      to: [{ organId: '000.00.91.H48' }, { organId: '000.25.94.H48' }], businessDocType: '0',
      references: [{ href: 'cid:cv125', attachmentName: 'CV125-VP-KSTT.pdf' }],
    });
    expect(xml).toContain('<edXML:Timestamp>2026-01-15T08:42:00+07:00</edXML:Timestamp>');
    // The validator is not a rubber stamp: a package without recipients or with a wrong DocumentId fails.
    expect(checkEdxml(xml.replace(/<edXML:To>.*?<\/edXML:To>/g, '')).issues).toContain('MessageHeader/To: at least one recipient');
    expect(checkEdxml(xml.replace('125/VP-KSTT</edXML:DocumentId>', '126/VP-KSTT</edXML:DocumentId>')).issues.join()).toMatch(/DocumentId must be/);
  });

  it('a failAfterApply 503 followed by the retry sends the document exactly once', async () => {
    const input = fresh();
    h().sim.faults.set('lgsp.sendEdoc', { failAfterApply: true, status: 503, count: 1 });
    const err = await h().fail(sendEdoc, input, { key: 'run-send-1/send' });
    expect(err).toMatchObject({ code: 'CONNECTOR_UNAVAILABLE', retryable: true });
    const out = await h().run(sendEdoc, input, { key: 'run-send-1/send' });
    const again = await h().run(sendEdoc, input, { key: 'run-send-1/send' });
    expect(again.docId).toBe(out.docId);
    const docs = h().sim.state<{ docs: Map<string, { summary: { documentId: string } }> }>('lgsp', () => { throw new Error('no LGSP state'); }).docs;
    expect([...docs.values()].filter((d) => d.summary.documentId === out.documentId)).toHaveLength(1);
    // Three requests reached the LGSP with the same key; the effect exists once.
    expect(h().sim.counters.times('lgsp.sendEdoc', `000.00.92.H48|${outboundKey('run-send-1/send')}`)).toBe(3);
  });

  it('the same document from another step is refused as a duplicate (ErrorCode 21), not sent twice', async () => {
    const input = fresh();
    await h().run(sendEdoc, input, { key: 'run-a/send' });
    const err = await h().fail(sendEdoc, input, { key: 'run-b/send' });
    expect(err).toMatchObject({ code: 'CONNECTOR_REJECTED', retryable: false, params: { remoteCode: '21' } });
  });

  it('a wrong secret key is an authentication failure (ErrorCode 10), not retried', async () => {
    h().credentials.set('lgsp-bad', { type: 'lgsp-edoc', baseUrl: `${h().sim.url}/lgsp`, systemId: '000.00.92.H48', secretKey: 'SIMSECRET-wrong-lgsp-key-77' });
    const err = await h().fail(sendEdoc, fresh(), { credentialId: 'lgsp-bad' });
    expect(err).toMatchObject({ code: 'CONNECTOR_AUTH_FAILED', retryable: false });
    expect(JSON.stringify(err.toJSON())).not.toContain('SIMSECRET');
  });

  noSecretLeakTest(h);
});
