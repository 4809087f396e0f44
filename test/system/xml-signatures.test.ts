/**
 * Issue 17, Done-when 3: SOAP with WS-Security and signed edXML packages, configured on connections (keys stored
 * encrypted, never shown back) and run by real flows on Temporal against the simulators, which verify: a good
 * signature round-trips; a wrong password, a key that is not the certificate's and a tampered package are refused with
 * coded errors; a tampered package received is never handed to the flow.
 */
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createSigningCa, createSigningIdentity, simAccounts, startSimulators, type RunningSimulators } from '@lienthong/simulators';
import { connectAndPublish } from '../helpers/connections.js';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.js';

type Pem = { key: string; cert: string };

/** A flow of one connector call through a connection: its output when it answers, its coded error when it fails. */
function callFlow(key: string, title: { vi: string; en: string }, connector: string, credentialId: string, input: Record<string, string>) {
  return {
    key, title,
    nodes: {
      start: { kind: 'trigger', trigger: { type: 'api' } },
      call: { kind: 'call', connector: { id: connector, version: '1.0.0' }, credentialId, input, retry: { maximumAttempts: 1 } },
      ok: { kind: 'end', output: '$nodes.call.output' },
      loi: { kind: 'end', output: '$nodes.call.output.error' },
    },
    edges: [{ id: 'e0', source: 'start', target: 'call' }, { id: 'e1', source: 'call', target: 'ok' }, { id: 'e2', source: 'call', target: 'loi', sourceHandle: 'error' }],
  };
}

const soapFlow = callFlow('tra-cuu-soap-ky-so', { vi: 'Tra cứu hồ sơ qua SOAP có WS-Security', en: 'Dossier lookup over SOAP with WS-Security' }, 'generic:soap:call', 'soap-ky-so',
  { path: '$input.path', namespace: "'urn:lienthong:thu-nghiem'", operation: "'TraCuuHoSo'", params: '{"MaHoSo": $input.maHoSo}' });
const edocFields = ['from', 'to', 'code', 'promulgation', 'documentType', 'subject', 'signer', 'staff'] as const;
const sendFlow = callFlow('gui-van-ban-ky-so', { vi: 'Gửi văn bản điện tử có chữ ký số', en: 'Send a signed electronic document' }, 'lgsp:edoc:send', 'vb-van-phong',
  Object.fromEntries(edocFields.map((f) => [f, `$input.${f}`])));
const getFlow = callFlow('nhan-van-ban-ky-so', { vi: 'Nhận văn bản điện tử và kiểm tra chữ ký số', en: 'Receive an electronic document and verify its signature' }, 'lgsp:edoc:get', 'vb-cam-thanh',
  { docId: '$input.docId' });

let n = 900;
const edoc = () => ({
  from: { organName: 'Văn phòng UBND tỉnh Quảng Ngãi' }, to: [{ organId: simAccounts.lgsp[2]?.systemId, organName: 'UBND xã Cẩm Thành' }],
  code: { codeNumber: String((n += 1)), codeNotation: 'VP-KSTT' }, promulgation: { place: 'Quảng Ngãi', date: '2026-01-15' },
  documentType: { type: '1', typeName: 'Công văn' }, subject: 'V/v rà soát hồ sơ khai sinh trễ hạn', signer: { fullName: 'Nguyễn Văn Bình' }, staff: { staff: 'Lê Thị Hoa' },
});

describe('WS-Security and signed edXML through connections and flows', () => {
  let p: TestPlatform;
  let client: Client;
  let sim: RunningSimulators;
  let signer: Pem;
  let stranger: Pem;
  let ca: Pem;

  beforeAll(async () => {
    ca = await createSigningCa();
    [signer, stranger] = await Promise.all([createSigningIdentity('Van phong UBND tinh Quang Ngai', ca), createSigningIdentity('Ke mao danh')]);
    sim = await startSimulators({ port: 0 });
    p = await startTestPlatform();
    client = new Client({ connection: await Connection.connect({ address: inject('temporalAddress') }) });
    const vp = simAccounts.lgsp[0];
    const ct = simAccounts.lgsp[2];
    const connections = [
      { id: 'soap-ky-so', name: 'Dịch vụ SOAP thử nghiệm (ký X.509)', family: 'http', endpoint: sim.url,
        secrets: { credential: { auth: 'none' }, wsSecurity: 'x509Signature', signingKey: signer.key, signingCert: signer.cert } },
      { id: 'vb-van-phong', name: 'LGSP — Văn phòng UBND tỉnh (ký gói tin)', family: 'lgsp-edoc', endpoint: `${sim.url}/lgsp`,
        secrets: { credential: { systemId: vp?.systemId ?? '', secretKey: vp?.secretKey ?? '' }, signingKey: signer.key, signingCert: signer.cert } },
      { id: 'vb-cam-thanh', name: 'LGSP — UBND xã Cẩm Thành (kiểm tra chữ ký)', family: 'lgsp-edoc', endpoint: `${sim.url}/lgsp`,
        secrets: { credential: { systemId: ct?.systemId ?? '', secretKey: ct?.secretKey ?? '' }, signatureCaCert: ca.cert } },
    ];
    for (const [c, flow] of [[connections[0], soapFlow], [connections[1], sendFlow], [connections[2], getFlow]] as const) {
      await connectAndPublish(p, { ...c, environment: 'test' }, flow);
    }
  });
  afterAll(async () => {
    await client?.connection.close();
    await p?.stop();
    await sim?.close();
  });

  async function run(flow: string, input: Record<string, unknown>): Promise<{ status: string; output: Record<string, unknown>; text: string }> {
    const r = await p.request('POST', `/api/v1/flows/${flow}/runs?wait=0s`, input);
    expect(r.status, r.text).toBeLessThan(300);
    await client.workflow.getHandle(r.body.runId as string).result().catch(() => undefined);
    const view = await p.request('GET', `/api/v1/runs/${r.body.runId as string}`);
    return { ...(view.body as { status: string; output: Record<string, unknown> }), text: view.text };
  }

  it('SOAP signed with the connection\'s X.509 key round-trips; the connection never shows the key', async () => {
    const out = await run(soapFlow.key, { path: '/generic/soap/x509', maHoSo: 'H48.01-260115-0001' });
    expect(out).toMatchObject({ status: 'completed', output: { response: { MaHoSo: 'H48.01-260115-0001' } } });
    expect(String((out.output.response as Record<string, unknown>).Principal)).toContain('Van phong UBND tinh Quang Ngai');
    const shown = await p.request('GET', '/api/v1/connections/soap-ky-so');
    expect(shown.body.secretFields).toEqual(['auth']);
    // What the console shows of the message security: the mode and which PEMs are set, never their content.
    expect(shown.body.transport).toMatchObject({ wsSecurity: 'x509Signature', signingCert: true, signatureCaCert: false });
    for (const t of [shown.text, out.text]) expect(t).not.toMatch(/PRIVATE KEY|BEGIN CERTIFICATE/);
  });

  it('a connection refuses a key that is not its certificate\'s, with where; a wrong UsernameToken password is a coded refusal', async () => {
    const bad = await p.request('PUT', '/api/v1/connections/soap-ky-so', { secrets: { signingKey: stranger.key, signingCert: signer.cert } });
    expect([bad.status, bad.body.error.code, bad.body.error.where]).toEqual([400, 'CONNECTION_INVALID', { pointer: '/secrets/signingKey' }]);
    expect(bad.text).not.toContain('PRIVATE KEY');
    const wrong = await p.request('PUT', '/api/v1/connections/soap-ky-so', { secrets: { wsSecurity: 'usernameToken', credential: { username: 'echo-user', password: 'SIMSECRET-sai-mat-khau-41' } } });
    expect(wrong.status, wrong.text).toBe(200);
    const refused = await run(soapFlow.key, { path: '/generic/soap/token', maHoSo: 'H48.01-260115-0002' });
    expect(refused.output).toMatchObject({ code: 'CONNECTOR_AUTH_FAILED' });
    expect(JSON.stringify(refused.output)).toContain('FailedAuthentication');
    expect(refused.text).not.toContain('SIMSECRET');
    await p.request('PUT', '/api/v1/connections/soap-ky-so', { secrets: { credential: { password: simAccounts.generic.basic.password } } });
    expect((await run(soapFlow.key, { path: '/generic/soap/token', maHoSo: 'H48.01-260115-0003' })).output).toMatchObject({ response: { Principal: 'echo-user' } });
  });

  it('a signed edXML package goes through the LGSP (which verifies it) and the recipient verifies it against its CA', async () => {
    const sent = await run(sendFlow.key, edoc());
    expect(sent.status, sent.text).toBe('completed');
    const got = await run(getFlow.key, { docId: sent.output.docId });
    expect(got).toMatchObject({ status: 'completed', output: { documentId: sent.output.documentId, subject: 'V/v rà soát hồ sơ khai sinh trễ hạn' } });
  });

  it('a package signed by a certificate the recipient\'s CA did not issue is refused by the recipient with a coded error', async () => {
    // The LGSP accepts it (the signature itself is sound); trust is the recipient's decision, from its connection.
    const rotated = await p.request('PUT', '/api/v1/connections/vb-van-phong', { secrets: { signingKey: stranger.key, signingCert: stranger.cert } });
    expect(rotated.status, rotated.text).toBe(200);
    const sent = await run(sendFlow.key, edoc());
    expect(sent.status).toBe('completed');
    const got = await run(getFlow.key, { docId: sent.output.docId });
    expect(got.output).toMatchObject({ code: 'CONNECTOR_SIGNATURE_INVALID' });
    expect(JSON.stringify(got.output)).toMatch(/not issued by the trusted CA/);
    await p.request('PUT', '/api/v1/connections/vb-van-phong', { secrets: { signingKey: signer.key, signingCert: signer.cert } });
  });

  it('a package tampered with at the LGSP after signing is refused by the recipient and never reaches the flow', async () => {
    const sent = await run(sendFlow.key, edoc());
    const docs = sim.state<{ docs: Map<string, { edxml: string }> }>('lgsp', () => ({ docs: new Map() })).docs;
    const stored = docs.get(String(sent.output.docId));
    expect(stored?.edxml).toContain('SignatureValue');
    if (stored) stored.edxml = stored.edxml.replace('V/v rà soát hồ sơ khai sinh trễ hạn', 'V/v nội dung đã bị sửa');
    const got = await run(getFlow.key, { docId: sent.output.docId });
    expect(got.output).toMatchObject({ code: 'CONNECTOR_SIGNATURE_INVALID' });
    expect(JSON.stringify(got.output)).toContain('the package was changed after it was signed');
    expect(got.text).not.toContain('đã bị sửa');
  });
});
