import { describe, expect, it } from 'vitest';
import { exampleTests, faultTests, noSecretLeakTest, useHarness } from '../../../testing/harness.js';
import { sampleEdoc } from '../send/examples.js';
import { sendEdoc } from '../send/index.js';
import { getEdoc } from './index.js';

describe('lgsp:edoc:get', () => {
  const h = useHarness();
  let docId = '';
  exampleTests(h, getEdoc);

  it('a recipient gets the package back as JSON, with the original edXML on request', async () => {
    docId = String((await h().run(sendEdoc, sampleEdoc, { credentialId: 'lgsp-vp' })).docId);
    const out = await h().run(getEdoc, { docId, includeEdxml: true }, { credentialId: 'lgsp-camthanh' });
    expect(out).toMatchObject({ documentId: '000.00.92.H48,2026/01/15,125/VP-KSTT', code: { codeNumber: '125' }, promulgation: { date: '2026-01-15' }, documentType: { typeName: 'Công văn' } });
    expect(Buffer.from(String(out.edxmlBase64), 'base64').toString('utf8')).toContain('<edXML:edXMLEnvelope');
  });

  it('a system that is neither sender nor recipient gets "not found" (ErrorCode 20)', async () => {
    const err = await h().fail(getEdoc, { docId }, { credentialId: 'lgsp-edoc-ubnd' });
    expect(err.params.remoteCode).toBe('20');
  });

  faultTests(h, { mod: getEdoc, input: () => ({ docId }), operation: 'lgsp.getEdoc', credentialId: 'lgsp-stp' });
  noSecretLeakTest(h);
});
