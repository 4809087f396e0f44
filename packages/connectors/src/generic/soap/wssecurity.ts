import { createHash, randomBytes, X509Certificate } from 'node:crypto';
import { LtError } from '@lienthong/errors';
import { SignedXml } from 'xml-crypto';
import { field } from '../../sdk/operation.js';
import type { Credential } from '../../sdk/types.js';

/**
 * OASIS WS-Security 1.0 for SOAP 1.1, as the connection says (`wsSecurity` credential field):
 *   none            nothing added;
 *   usernameToken   UsernameToken with PasswordDigest = Base64(SHA-1(nonce + created + password)), a nonce and Created;
 *   x509Signature   BinarySecurityToken (the connection's certificate) and an XML-DSig signature (RSA-SHA256,
 *                   exclusive c14n) over soap:Body and wsu:Timestamp with the connection's private key.
 * Canonicalisation and signing are xml-crypto's; nothing here canonicalises by hand.
 */
export const WSSE_NS = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd';
export const WSU_NS = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd';
const TOKEN_PROFILE = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0';
const X509_PROFILE = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-x509-token-profile-1.0';
const B64 = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary';
const EXC_C14N = 'http://www.w3.org/2001/10/xml-exc-c14n#';
/** How long a message stays valid: the receiver refuses it after this. */
const TTL_MS = 5 * 60_000;

export const WS_SECURITY_MODES = ['none', 'usernameToken', 'x509Signature'] as const;
export type WsSecurityMode = (typeof WS_SECURITY_MODES)[number];

export function wsSecurityOf(cred: Credential): WsSecurityMode {
  const m = cred.wsSecurity;
  if (m === undefined || m === '') return 'none';
  if ((WS_SECURITY_MODES as readonly unknown[]).includes(m)) return m as WsSecurityMode;
  throw new LtError('CONNECTOR_CREDENTIAL_NOT_FOUND', { credentialId: `${cred.type}.wsSecurity` });
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const derBase64 = (pem: string) => new X509Certificate(pem).raw.toString('base64');

function timestamp(now: Date): string {
  return `<wsu:Timestamp wsu:Id="TS-1"><wsu:Created>${now.toISOString()}</wsu:Created>`
    + `<wsu:Expires>${new Date(now.getTime() + TTL_MS).toISOString()}</wsu:Expires></wsu:Timestamp>`;
}

function usernameToken(cred: Credential, now: Date): string {
  const nonce = randomBytes(16);
  const created = now.toISOString();
  const digest = createHash('sha1').update(Buffer.concat([nonce, Buffer.from(created), Buffer.from(field(cred, 'password'), 'utf8')])).digest('base64');
  return `<wsse:UsernameToken wsu:Id="UT-1"><wsse:Username>${esc(field(cred, 'username'))}</wsse:Username>`
    + `<wsse:Password Type="${TOKEN_PROFILE}#PasswordDigest">${digest}</wsse:Password>`
    + `<wsse:Nonce EncodingType="${B64}">${nonce.toString('base64')}</wsse:Nonce><wsu:Created>${created}</wsu:Created></wsse:UsernameToken>`;
}

/**
 * The envelope with a wsse:Security header. `envelope` must have an empty `<soapenv:Header/>` and a `<soapenv:Body>`
 * (the shape the SOAP call builds).
 */
export function applyWsSecurity(envelope: string, cred: Credential, now: Date): string {
  const mode = wsSecurityOf(cred);
  if (mode === 'none') return envelope;
  const open = `<wsse:Security xmlns:wsse="${WSSE_NS}" xmlns:wsu="${WSU_NS}" soapenv:mustUnderstand="1">`;
  if (mode === 'usernameToken') {
    return envelope.replace('<soapenv:Header/>', `<soapenv:Header>${open}${timestamp(now)}${usernameToken(cred, now)}</wsse:Security></soapenv:Header>`);
  }
  const cert = field(cred, 'signingCert');
  const token = `<wsse:BinarySecurityToken wsu:Id="X509-1" EncodingType="${B64}" ValueType="${X509_PROFILE}#X509v3">${derBase64(cert)}</wsse:BinarySecurityToken>`;
  const unsigned = envelope
    .replace('<soapenv:Header/>', `<soapenv:Header>${open}${token}${timestamp(now)}</wsse:Security></soapenv:Header>`)
    .replace('<soapenv:Body>', `<soapenv:Body xmlns:wsu="${WSU_NS}" wsu:Id="Body-1">`);
  const sig = new SignedXml({
    privateKey: field(cred, 'signingKey'), idMode: 'wssecurity',
    signatureAlgorithm: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256', canonicalizationAlgorithm: EXC_C14N,
    getKeyInfoContent: () => `<wsse:SecurityTokenReference xmlns:wsse="${WSSE_NS}"><wsse:Reference URI="#X509-1" ValueType="${X509_PROFILE}#X509v3"/></wsse:SecurityTokenReference>`,
  });
  for (const name of ['Body', 'Timestamp']) {
    sig.addReference({ xpath: `//*[local-name(.)='${name}']`, transforms: [EXC_C14N], digestAlgorithm: 'http://www.w3.org/2001/04/xmlenc#sha256' });
  }
  sig.computeSignature(unsigned, { prefix: 'ds', location: { reference: "//*[local-name(.)='Security']", action: 'append' } });
  return sig.getSignedXml();
}

/** WS-Security fault codes (SOAP faultcode, any prefix) and what they mean for the flow. */
export function wsSecurityFault(faultcode: string | undefined, system: string): LtError | undefined {
  const local = (faultcode ?? '').replace(/^.*:/, '');
  if (local === 'FailedAuthentication' || local === 'InvalidSecurityToken') return new LtError('CONNECTOR_AUTH_FAILED', { system, remoteCode: local });
  if (local === 'FailedCheck' || local === 'InvalidSecurity' || local === 'MessageExpired' || local === 'SecurityTokenUnavailable') {
    return new LtError('CONNECTOR_SIGNATURE_REFUSED', { system, remoteCode: local });
  }
  return undefined;
}
