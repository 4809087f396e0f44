import { beforeAll, describe, expect, it } from 'vitest';
import { createSigningIdentity, simAccounts, wssStateOf } from '@lienthong/simulators';
import { useHarness } from '../../testing/harness.js';
import { soapCall } from './call/index.js';
import { applyWsSecurity } from './wssecurity.js';

type Pem = { key: string; cert: string };
const call = (path: string) => ({ path, namespace: 'urn:lienthong:thu-nghiem', operation: 'TraCuuHoSo', params: { MaHoSo: 'H48.01-260115-0001', HoTen: 'NGUYỄN VĂN AN' } });
const soapXml = '<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns="urn:lienthong:thu-nghiem">'
  + '<soapenv:Header/><soapenv:Body><ns:TraCuuHoSo><ns:MaHoSo>H48.01-260115-0001</ns:MaHoSo></ns:TraCuuHoSo></soapenv:Body></soapenv:Envelope>';

describe('generic:soap:call with WS-Security (the simulator verifies)', () => {
  const h = useHarness();
  let signer: Pem;
  let stranger: Pem;
  beforeAll(async () => {
    [signer, stranger] = await Promise.all([createSigningIdentity('So TTTT Quang Ngai'), createSigningIdentity('Ke mao danh')]);
    const base = { type: 'http', baseUrl: h().sim.url, auth: 'none' };
    h().credentials.set('soap-token', { ...base, wsSecurity: 'usernameToken', ...simAccounts.generic.basic });
    h().credentials.set('soap-token-wrong', { ...base, wsSecurity: 'usernameToken', username: simAccounts.generic.basic.username, password: 'SIMSECRET-wrong-password-1' });
    h().credentials.set('soap-plain', base);
    h().credentials.set('soap-x509', { ...base, wsSecurity: 'x509Signature', signingKey: signer.key, signingCert: signer.cert });
    // A key that is not the certificate's: the signature cannot verify with the token sent.
    h().credentials.set('soap-x509-mismatch', { ...base, wsSecurity: 'x509Signature', signingKey: stranger.key, signingCert: signer.cert });
    h().credentials.set('soap-x509-stranger', { ...base, wsSecurity: 'x509Signature', signingKey: stranger.key, signingCert: stranger.cert });
  });
  const sim = () => wssStateOf(h().sim);

  it('UsernameToken with PasswordDigest round-trips; the password itself never travels', async () => {
    const out = await h().run(soapCall, call('/generic/soap/token'), { credentialId: 'soap-token' });
    expect(out.response).toMatchObject({ Principal: 'echo-user', MaHoSo: 'H48.01-260115-0001', HoTen: 'NGUYỄN VĂN AN' });
    const sent = applyWsSecurity(soapXml, { type: 'http', wsSecurity: 'usernameToken', ...simAccounts.generic.basic }, new Date());
    expect(sent).toContain('#PasswordDigest');
    expect(sent).not.toContain(simAccounts.generic.basic.password);
  });

  it('a wrong password is a coded authentication failure, not retried, without the password', async () => {
    const err = await h().fail(soapCall, call('/generic/soap/token'), { credentialId: 'soap-token-wrong' });
    expect(err).toMatchObject({ code: 'CONNECTOR_AUTH_FAILED', retryable: false, params: { remoteCode: 'FailedAuthentication' } });
    expect(JSON.stringify(err.toJSON())).not.toContain('SIMSECRET');
  });

  it('a message without WS-Security is refused with a coded, bilingual error', async () => {
    const err = await h().fail(soapCall, call('/generic/soap/token'), { credentialId: 'soap-plain' });
    expect(err).toMatchObject({ code: 'CONNECTOR_SIGNATURE_REFUSED', retryable: false, params: { remoteCode: 'InvalidSecurity' } });
    expect(err.message).toMatch(/chữ ký số|WS-Security/);
  });

  it('an X.509 signature over Body and Timestamp round-trips and names the signer', async () => {
    sim().trusted.clear();
    const out = await h().run(soapCall, call('/generic/soap/x509'), { credentialId: 'soap-x509' });
    expect(out.response).toMatchObject({ MaHoSo: 'H48.01-260115-0001' });
    expect(String((out.response as Record<string, unknown>).Principal)).toContain('So TTTT Quang Ngai');
  });

  it('a signature made with a key that is not the certificate\'s is refused (FailedCheck)', async () => {
    const err = await h().fail(soapCall, call('/generic/soap/x509'), { credentialId: 'soap-x509-mismatch' });
    expect(err).toMatchObject({ code: 'CONNECTOR_SIGNATURE_REFUSED', retryable: false, params: { remoteCode: 'FailedCheck' } });
    expect(JSON.stringify(err.toJSON())).not.toContain('PRIVATE KEY');
  });

  it('a certificate the service does not trust is refused; the trusted one passes', async () => {
    const { X509Certificate } = await import('node:crypto');
    sim().trusted.add(new X509Certificate(signer.cert).fingerprint256);
    try {
      const err = await h().fail(soapCall, call('/generic/soap/x509'), { credentialId: 'soap-x509-stranger' });
      expect(err).toMatchObject({ code: 'CONNECTOR_AUTH_FAILED', params: { remoteCode: 'FailedAuthentication' } });
      await expect(h().run(soapCall, call('/generic/soap/x509'), { credentialId: 'soap-x509' })).resolves.toBeDefined();
    } finally {
      sim().trusted.clear();
    }
  });

  it('a body changed after signing, or a signature removed, is refused by the service', async () => {
    const signed = applyWsSecurity(soapXml, { type: 'http', wsSecurity: 'x509Signature', signingKey: signer.key, signingCert: signer.cert }, new Date());
    const post = async (xml: string) => {
      const res = await fetch(`${h().sim.url}/generic/soap/x509`, { method: 'POST', headers: { 'content-type': 'text/xml; charset=utf-8' }, body: xml });
      return { status: res.status, text: await res.text() };
    };
    expect((await post(signed)).status).toBe(200);
    const tampered = await post(signed.replace('H48.01-260115-0001', 'H48.01-260115-0002'));
    expect(tampered).toMatchObject({ status: 500 });
    expect(tampered.text).toContain('wsse:FailedCheck');
    const unsigned = await post(signed.replace(/<ds:Signature[\s\S]*<\/ds:Signature>/, ''));
    expect(unsigned.status).toBe(500);
    expect(unsigned.text).toContain('wsse:InvalidSecurity');
  });
});
