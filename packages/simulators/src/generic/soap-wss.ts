import { createHash, timingSafeEqual, X509Certificate } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { DOMParser, XMLSerializer, type Document, type Element, type Node } from '@xmldom/xmldom';
import { generate } from 'selfsigned';
import { SignedXml } from 'xml-crypto';
import { simAccounts } from '../accounts.js';
import { reply } from '../respond.js';
import type { SimContext, SimRoute } from '../server.js';
import { GENERIC_PATH } from './echo.js';

/**
 * A SOAP 1.1 service that requires OASIS WS-Security [ASM], for the generic SOAP call:
 *   POST /generic/soap/token   UsernameToken with PasswordDigest (the generic basic account), a fresh nonce, Created ±5 min
 *   POST /generic/soap/x509    BinarySecurityToken + XML-DSig over soap:Body and wsu:Timestamp, verified with xml-crypto;
 *                              when `trusted` (state "generic-wss") lists fingerprints, the certificate must be one of them
 * It answers `<{operation}Response>` with the caller (Principal) and the parameters it received; a refusal is a SOAP Fault
 * (HTTP 500) with faultcode wsse:InvalidSecurity | FailedAuthentication | FailedCheck | MessageExpired.
 */
const WSSE = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd';
const WSU = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd';
const DSIG = 'http://www.w3.org/2000/09/xmldsig#';
const SKEW_MS = 5 * 60_000;

interface WssState { nonces: Set<string>; trusted: Set<string> }
export const wssStateOf = (ctx: Pick<SimContext, 'state'>) => ctx.state<WssState>('generic-wss', () => ({ nonces: new Set(), trusted: new Set() }));

class Refused extends Error {}
const refuse = (code: string, why: string): never => {
  throw new Refused(`${code}|${why}`);
};

const first = (el: Element | Document, ns: string, name: string): Element | undefined => (el.getElementsByTagNameNS(ns, name)[0] as Element | undefined) ?? undefined;
const textOf = (el: Element | undefined) => el?.textContent?.trim() ?? '';
const fresh = (iso: string, now: number) => !Number.isNaN(Date.parse(iso)) && Math.abs(now - Date.parse(iso)) <= SKEW_MS;

function checkToken(security: Element, ctx: SimContext): string {
  const ut = first(security, WSSE, 'UsernameToken') ?? refuse('InvalidSecurity', 'UsernameToken is missing');
  const password = first(ut, WSSE, 'Password');
  const nonce = textOf(first(ut, WSSE, 'Nonce'));
  const created = textOf(first(ut, WSU, 'Created'));
  if (!password || !password.getAttribute('Type')?.endsWith('#PasswordDigest') || !nonce || !created) refuse('InvalidSecurity', 'PasswordDigest, Nonce and Created are required');
  if (!fresh(created, Date.now())) refuse('MessageExpired', 'Created is outside ±5 minutes');
  const st = wssStateOf(ctx);
  if (st.nonces.has(nonce)) refuse('FailedAuthentication', 'nonce replayed');
  const acc = simAccounts.generic.basic;
  const expected = createHash('sha1').update(Buffer.concat([Buffer.from(nonce, 'base64'), Buffer.from(created), Buffer.from(acc.password, 'utf8')])).digest('base64');
  const given = textOf(password);
  if (textOf(first(ut, WSSE, 'Username')) !== acc.username || given.length !== expected.length || !timingSafeEqual(Buffer.from(given), Buffer.from(expected))) {
    refuse('FailedAuthentication', 'wrong user name or password');
  }
  st.nonces.add(nonce);
  return acc.username;
}

function checkSignature(xml: string, doc: Document, security: Element, ctx: SimContext): string {
  const token = textOf(first(security, WSSE, 'BinarySecurityToken'));
  const signature = first(security, DSIG, 'Signature');
  if (!token || !signature) refuse('InvalidSecurity', 'BinarySecurityToken and Signature are required');
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(Buffer.from(token, 'base64'));
  } catch {
    return refuse('InvalidSecurityToken', 'BinarySecurityToken is not an X.509 certificate');
  }
  const st = wssStateOf(ctx);
  if (st.trusted.size > 0 && !st.trusted.has(cert.fingerprint256)) refuse('FailedAuthentication', 'the certificate is not trusted');
  const body = first(doc, doc.documentElement?.namespaceURI ?? '', 'Body');
  const stamp = first(security, WSU, 'Timestamp');
  const bodyId = body?.getAttributeNS(WSU, 'Id') ?? '';
  const stampId = stamp?.getAttributeNS(WSU, 'Id') ?? '';
  if (!body || !stamp || !bodyId || !stampId) refuse('InvalidSecurity', 'Body and Timestamp need wsu:Id');
  const expires = textOf(first(stamp as Element, WSU, 'Expires'));
  if (Number.isNaN(Date.parse(expires)) || Date.parse(expires) < Date.now() - SKEW_MS) refuse('MessageExpired', 'the timestamp has expired');
  const sig = new SignedXml({ publicCert: cert.toString(), idMode: 'wssecurity' });
  let valid = false;
  try {
    sig.loadSignature(signature as unknown as Node);
    valid = sig.checkSignature(xml);
  } catch {
    valid = false;
  }
  if (!valid) refuse('FailedCheck', 'the signature does not match the message');
  const signed = new Set(sig.getReferences().map((r) => r.uri));
  if (!signed.has(`#${bodyId}`) || !signed.has(`#${stampId}`)) refuse('FailedCheck', 'the signature must cover Body and Timestamp');
  return cert.subject;
}

const fault = (code: string, why: string) => `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:wsse="${WSSE}">`
  + `<soapenv:Body><soapenv:Fault><faultcode>wsse:${code}</faultcode><faultstring>${why}</faultstring></soapenv:Fault></soapenv:Body></soapenv:Envelope>`;

function handle(req: IncomingMessage, xml: string, res: ServerResponse, ctx: SimContext): void {
  const kind = (req.url ?? '').split('?')[0]?.split('/').pop();
  const doc = new DOMParser({ onError: () => undefined }).parseFromString(xml || '<x/>', 'text/xml') as unknown as Document;
  try {
    const security = first(doc, WSSE, 'Security') ?? refuse('InvalidSecurity', 'the wsse:Security header is missing');
    const principal = kind === 'x509' ? checkSignature(xml, doc, security, ctx) : checkToken(security, ctx);
    const op = Array.from((first(doc, doc.documentElement?.namespaceURI ?? '', 'Body')?.childNodes ?? []) as ArrayLike<Node>).find((n) => n.nodeType === 1) as Element | undefined;
    if (!op) return reply(res, 500, fault('InvalidSecurity', 'the Body is empty'), 'text/xml; charset=utf-8');
    const params = Array.from(op.childNodes as unknown as ArrayLike<Node>).map((n) => new XMLSerializer().serializeToString(n as never)).join('');
    const ns = op.namespaceURI ?? '';
    reply(res, 200, `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body>`
      + `<r:${op.localName}Response xmlns:r="${ns}"><r:Principal>${principal.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</r:Principal>${params}</r:${op.localName}Response></soapenv:Body></soapenv:Envelope>`, 'text/xml; charset=utf-8');
  } catch (e) {
    if (!(e instanceof Refused)) throw e;
    const [code = 'InvalidSecurity', why = ''] = e.message.split('|');
    reply(res, 500, fault(code, why), 'text/xml; charset=utf-8');
  }
}

/**
 * An RSA key and certificate for XML signatures (xml-crypto signs with RSA), made at run time: self-signed, or issued
 * by `ca` (an RSA CA from createSigningCa) for tests of a trusted CA.
 */
export async function createSigningIdentity(commonName: string, ca?: { key: string; cert: string }): Promise<{ key: string; cert: string }> {
  const p = await generate([{ name: 'commonName', value: commonName }], {
    keyType: 'rsa', keySize: 2048, algorithm: 'sha256', notAfterDate: new Date(Date.now() + 30 * 86_400_000),
    ...(ca ? { ca, extensions: [{ name: 'basicConstraints', cA: false }, { name: 'keyUsage', digitalSignature: true, nonRepudiation: true }] } : {}),
  });
  return { key: p.private, cert: p.cert };
}

/** An RSA certificate authority that issues signing certificates (createSigningIdentity(cn, ca)). */
export async function createSigningCa(commonName = 'CA chữ ký số thử nghiệm / signing test CA'): Promise<{ key: string; cert: string }> {
  const p = await generate([{ name: 'commonName', value: commonName }], {
    keyType: 'rsa', keySize: 2048, algorithm: 'sha256', notAfterDate: new Date(Date.now() + 365 * 86_400_000),
    extensions: [{ name: 'basicConstraints', cA: true }, { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true }],
  });
  return { key: p.private, cert: p.cert };
}

export const wssRoutes: SimRoute[] = [
  { method: 'POST', path: `${GENERIC_PATH}/soap/token`, operation: 'generic.soapToken', handler: handle },
  { method: 'POST', path: `${GENERIC_PATH}/soap/x509`, operation: 'generic.soapX509', handler: handle },
];
