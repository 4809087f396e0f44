import { X509Certificate } from 'node:crypto';
import { DOMParser, type Document, type Element, type Node } from '@xmldom/xmldom';
import { LtError } from '@lienthong/errors';
import { SignedXml } from 'xml-crypto';
import type { Credential } from '../../sdk/types.js';
import { SYSTEM } from './client.js';

/**
 * XML-DSig of edXML packages (QCVN 102:2016 carries an enveloped ds:Signature in the envelope): RSA-SHA256 over the
 * whole package (Reference URI="", enveloped-signature + exclusive c14n), the signer's certificate in KeyInfo.
 * Keys come from the connection: `signingKey` + `signingCert` to sign what we send; `signatureCaCert` (PEM) to trust
 * the signers of what we receive (a CA, or the signer's own certificate pinned). Canonicalisation and verification are xml-crypto's.
 */
const DSIG_NS = 'http://www.w3.org/2000/09/xmldsig#';
const EXC_C14N = 'http://www.w3.org/2001/10/xml-exc-c14n#';
const ENVELOPED = 'http://www.w3.org/2000/09/xmldsig#enveloped-signature';

const str = (cred: Credential, k: string) => (typeof cred[k] === 'string' && cred[k] !== '' ? (cred[k] as string) : undefined);

/** Signs the package when the connection has a signing key and certificate; unchanged otherwise. */
export function signEdxmlIfConfigured(xml: string, cred: Credential): string {
  const key = str(cred, 'signingKey');
  const cert = str(cred, 'signingCert');
  if (!key || !cert) return xml;
  const sig = new SignedXml({ privateKey: key, publicCert: cert, signatureAlgorithm: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256', canonicalizationAlgorithm: EXC_C14N });
  sig.addReference({ xpath: '/*', uri: '', isEmptyUri: true, transforms: [ENVELOPED, EXC_C14N], digestAlgorithm: 'http://www.w3.org/2001/04/xmlenc#sha256' });
  sig.computeSignature(xml, { location: { reference: '/*', action: 'append' } });
  return sig.getSignedXml();
}

const refuse = (detail: string) => new LtError('CONNECTOR_SIGNATURE_INVALID', { system: SYSTEM, detail });

/**
 * Verifies a received package. A package without a signature passes only when the connection does not require one
 * (`requireSignature` = "true", or a `signatureCaCert` set, requires it). Throws CONNECTOR_SIGNATURE_INVALID otherwise.
 */
export function verifyEdxml(xml: string, cred: Credential): void {
  const ca = str(cred, 'signatureCaCert');
  const required = cred.requireSignature === 'true' || cred.requireSignature === true || ca !== undefined;
  let doc: Document;
  try {
    doc = new DOMParser({ onError: () => undefined }).parseFromString(xml, 'text/xml') as unknown as Document;
  } catch {
    throw refuse('not well-formed XML');
  }
  const root = doc.documentElement;
  if (!root) throw refuse('not well-formed XML');
  const signatures = Array.from(root.childNodes).filter((n): n is Element => n.nodeType === 1 && (n as Element).localName === 'Signature' && (n as Element).namespaceURI === DSIG_NS);
  if (signatures.length === 0) {
    if (required) throw refuse('the package is not signed');
    return;
  }
  if (signatures.length > 1) throw refuse('more than one signature');
  const sig = new SignedXml({ getCertFromKeyInfo: (info) => SignedXml.getCertFromKeyInfo(info) });
  sig.loadSignature(signatures[0] as unknown as Node);
  // Only a signature over the whole package counts: one reference, URI "", enveloped.
  const refs = sig.getReferences();
  if (refs.length !== 1 || (refs[0]?.uri ?? '') !== '' || !refs[0]?.transforms.includes(ENVELOPED)) throw refuse('the signature does not cover the whole package');
  let valid = false;
  try {
    valid = sig.checkSignature(xml);
  } catch (e) {
    throw refuse((e as Error).message.slice(0, 120));
  }
  if (!valid) throw refuse('the package was changed after it was signed');
  if (ca) {
    const pem = SignedXml.getCertFromKeyInfo(signatures[0]?.getElementsByTagNameNS(DSIG_NS, 'KeyInfo')[0] as unknown as Node);
    let trusted = false;
    try {
      const signer = new X509Certificate(pem ?? '');
      const issuer = new X509Certificate(ca);
      // Either the trusted certificate itself (pinned) or one it issued, still valid.
      const pinned = signer.fingerprint256 === issuer.fingerprint256;
      trusted = (pinned || (signer.checkIssued(issuer) && signer.verify(issuer.publicKey))) && Date.parse(signer.validTo) > Date.now();
    } catch {
      trusted = false;
    }
    if (!trusted) throw refuse('the signer\'s certificate is not issued by the trusted CA');
  }
}
