import { beforeAll, describe, expect, it } from 'vitest';
import { createSigningCa, createSigningIdentity, signaturePolicyOf, simAccounts } from '@lienthong/simulators';
import { useHarness } from '../../testing/harness.js';
import { getEdoc } from './get/index.js';
import { sampleEdoc } from './send/examples.js';
import { sendEdoc } from './send/index.js';
import { updateEdocStatus } from './update-status/index.js';

type Pem = { key: string; cert: string };
let n = 700;
const fresh = () => ({ ...sampleEdoc, code: { codeNumber: String((n += 1)), codeNotation: 'VP-KSTT' } });
const vp = simAccounts.lgsp[0];
interface LgspDocs { docs: Map<string, { edxml: string }> }

describe('edXML packages signed with XML-DSig (lgsp:edoc send/get, the LGSP simulator verifies)', () => {
  const h = useHarness();
  let signer: Pem;
  let stranger: Pem;
  let ca = '';
  beforeAll(async () => {
    const authority = await createSigningCa();
    [signer, stranger] = await Promise.all([createSigningIdentity('Van phong UBND tinh Quang Ngai', authority), createSigningIdentity('Ke mao danh')]);
    ca = authority.cert;
    const c = h().credentials;
    c.set('vp-signed', { ...c.get('lgsp-vp'), signingKey: signer.key, signingCert: signer.cert } as never);
    c.set('vp-mismatch', { ...c.get('lgsp-vp'), signingKey: stranger.key, signingCert: signer.cert } as never);
    c.set('vp-stranger', { ...c.get('lgsp-vp'), signingKey: stranger.key, signingCert: stranger.cert } as never);
    // The recipient trusts the CA that issued the office's signing certificate (a province would give the national CA).
    c.set('camthanh-verifying', { ...c.get('lgsp-camthanh'), signatureCaCert: ca } as never);
  });
  const stored = (docId: unknown) => {
    const doc = h().sim.state<LgspDocs>('lgsp', () => ({ docs: new Map() })).docs.get(String(docId));
    if (!doc) throw new Error('the LGSP did not store the package');
    return doc;
  };

  it('a signed package round-trips: the LGSP verifies it, the recipient verifies it and gets the document', async () => {
    const sent = await h().run(sendEdoc, fresh(), { credentialId: 'vp-signed' });
    expect(stored(sent.docId).edxml).toMatch(/<Signature xmlns="http:\/\/www.w3.org\/2000\/09\/xmldsig#">[\s\S]*<X509Certificate>/);
    const got = await h().run(getEdoc, { docId: sent.docId }, { credentialId: 'camthanh-verifying' });
    expect(got).toMatchObject({ documentId: sent.documentId, subject: sampleEdoc.subject });
  });

  it('a signed status package is verified by the LGSP too', async () => {
    const sent = await h().run(sendEdoc, fresh(), { credentialId: 'vp-signed' });
    const c = h().credentials;
    c.set('camthanh-signed', { ...c.get('lgsp-camthanh'), signingKey: signer.key, signingCert: signer.cert } as never);
    c.set('camthanh-mismatch', { ...c.get('lgsp-camthanh'), signingKey: stranger.key, signingCert: signer.cert } as never);
    const status = { documentId: sent.documentId, statusCode: '01', organName: 'UBND xã Cẩm Thành', staff: { staff: 'Trần Thị Bình' } };
    const err = await h().fail(updateEdocStatus, status, { credentialId: 'camthanh-mismatch' });
    expect(err).toMatchObject({ code: 'CONNECTOR_SIGNATURE_REFUSED', params: { remoteCode: '24' } });
    await expect(h().run(updateEdocStatus, status, { credentialId: 'camthanh-signed' })).resolves.toMatchObject({ statusCode: '01' });
  });

  it('the LGSP refuses a package whose signature does not match (wrong key) with a coded error, and stores nothing', async () => {
    const before = h().sim.state<LgspDocs>('lgsp', () => ({ docs: new Map() })).docs.size;
    const err = await h().fail(sendEdoc, fresh(), { credentialId: 'vp-mismatch' });
    expect(err).toMatchObject({ code: 'CONNECTOR_SIGNATURE_REFUSED', retryable: false, params: { remoteCode: '24' } });
    expect(JSON.stringify(err.toJSON())).toMatch(/chữ ký số/);
    expect(JSON.stringify(err.toJSON())).not.toContain('PRIVATE KEY');
    expect(h().sim.state<LgspDocs>('lgsp', () => ({ docs: new Map() })).docs.size).toBe(before);
  });

  it('the LGSP refuses a signed package changed on the way (raw multipart over HTTP)', async () => {
    const { signEdxmlIfConfigured } = await import('./signature.js');
    const { buildEdxml } = await import('./edxml.js');
    const xml = signEdxmlIfConfigured(buildEdxml({ ...fresh(), from: { ...sampleEdoc.from, organId: vp?.systemId ?? '' } } as never, new Date()), { type: 'lgsp-edoc', signingKey: signer.key, signingCert: signer.cert });
    const post = async (edxml: string) => {
      const form = new FormData();
      form.set('file', new Blob([edxml], { type: 'application/xml' }), 'edoc.edxml');
      for (const a of sampleEdoc.attachments ?? []) form.set(`attachment:${a.cid}`, new Blob([Buffer.from(a.contentBase64, 'base64')], { type: a.contentType }), a.name);
      const res = await fetch(`${h().sim.url}/lgsp/v1/sendEdoc`, { method: 'POST', headers: { 'x-systemid': vp?.systemId ?? '', 'x-secretkey': vp?.secretKey ?? '' }, body: form });
      return (await res.json()) as { ErrorCode: number; Issues?: string[] };
    };
    const tampered = await post(xml.replace(sampleEdoc.subject, `${sampleEdoc.subject} (đã sửa)`));
    expect(tampered).toMatchObject({ ErrorCode: 24, Issues: [expect.stringMatching(/does not match/)] });
    expect((await post(xml)).ErrorCode).toBe(0);
  });

  it('a system that must sign is refused when it sends unsigned', async () => {
    const policy = signaturePolicyOf(h().sim);
    policy.requireSignedFrom.add(vp?.systemId ?? '');
    try {
      const err = await h().fail(sendEdoc, fresh(), { credentialId: 'lgsp-vp' });
      expect(err).toMatchObject({ code: 'CONNECTOR_SIGNATURE_REFUSED', params: { remoteCode: '24' } });
    } finally {
      policy.requireSignedFrom.clear();
    }
  });

  it('a received package changed after signing is refused and never handed to the flow', async () => {
    const sent = await h().run(sendEdoc, fresh(), { credentialId: 'vp-signed' });
    const doc = stored(sent.docId);
    doc.edxml = doc.edxml.replace(sampleEdoc.subject, 'Nội dung bị sửa trên đường truyền');
    for (const credentialId of ['camthanh-verifying', 'lgsp-camthanh']) {
      const err = await h().fail(getEdoc, { docId: sent.docId, includeEdxml: true }, { credentialId });
      expect(err).toMatchObject({ code: 'CONNECTOR_SIGNATURE_INVALID', retryable: false, params: { detail: 'the package was changed after it was signed' } });
      expect(JSON.stringify(err.toJSON())).not.toContain('bị sửa');
    }
  });

  it('a recipient that trusts a CA refuses an unsigned package and one signed by someone else', async () => {
    const unsigned = await h().run(sendEdoc, fresh(), { credentialId: 'lgsp-vp' });
    const e1 = await h().fail(getEdoc, { docId: unsigned.docId }, { credentialId: 'camthanh-verifying' });
    expect(e1).toMatchObject({ code: 'CONNECTOR_SIGNATURE_INVALID', params: { detail: 'the package is not signed' } });
    const other = await h().run(sendEdoc, fresh(), { credentialId: 'vp-stranger' });
    const e2 = await h().fail(getEdoc, { docId: other.docId }, { credentialId: 'camthanh-verifying' });
    expect(e2.params.detail).toMatch(/not issued by the trusted CA/);
    // Without a trust setting the same packages are accepted as before (integrity only where a signature exists).
    await expect(h().run(getEdoc, { docId: other.docId }, { credentialId: 'lgsp-camthanh' })).resolves.toMatchObject({ docId: other.docId });
  });

  it('a recipient may pin the sender\'s own certificate instead of a CA', async () => {
    const c = h().credentials;
    c.set('camthanh-pinned', { ...c.get('lgsp-camthanh'), signatureCaCert: stranger.cert } as never);
    const pinned = await h().run(sendEdoc, fresh(), { credentialId: 'vp-stranger' });
    await expect(h().run(getEdoc, { docId: pinned.docId }, { credentialId: 'camthanh-pinned' })).resolves.toMatchObject({ docId: pinned.docId });
    const other = await h().run(sendEdoc, fresh(), { credentialId: 'vp-signed' });
    await expect(h().fail(getEdoc, { docId: other.docId }, { credentialId: 'camthanh-pinned' })).resolves.toMatchObject({ code: 'CONNECTOR_SIGNATURE_INVALID' });
  });
});
