import { X509Certificate, createPrivateKey } from 'node:crypto';
import { LtError } from '@lienthong/errors';

/**
 * Message-level security options of a connection (issue 17): WS-Security for SOAP connectors and XML-DSig of edXML
 * packages. Stored with the secrets (encrypted, never shown back) and handed to the connector as credential fields.
 *   wsSecurity       none | usernameToken (the credential's username + password as PasswordDigest) | x509Signature
 *   signingKey/Cert  PEM RSA key and its certificate: signs SOAP messages (x509Signature) and edXML packages sent
 *   signatureCaCert  PEM CA (or the peer's own certificate) that must have signed the edXML packages received
 */
export const WS_SECURITY = ['none', 'usernameToken', 'x509Signature'] as const;
export type WsSecurity = (typeof WS_SECURITY)[number];
export const SIGNING_FIELDS = ['wsSecurity', 'signingKey', 'signingCert', 'signatureCaCert'] as const;
export type SigningField = (typeof SIGNING_FIELDS)[number];

export interface SigningSecrets {
  wsSecurity?: WsSecurity | '';
  signingKey?: string;
  signingCert?: string;
  signatureCaCert?: string;
}

const invalid = (pointer: string, en: string, vi: string) => new LtError('CONNECTION_INVALID', { pointer, detail: en, detailVi: vi }, { pointer });

function certificate(pem: string, pointer: string): X509Certificate {
  try {
    return new X509Certificate(pem);
  } catch {
    throw invalid(pointer, 'not a PEM certificate', 'không phải chứng thư PEM');
  }
}

/** What a person typed: the mode is known, the key and certificate belong together and the key is RSA (RSA-SHA256). */
export function checkSigningSecrets(s: SigningSecrets, pointer = '/secrets'): void {
  if (s.wsSecurity !== undefined && s.wsSecurity !== '' && !(WS_SECURITY as readonly string[]).includes(s.wsSecurity)) {
    throw invalid(`${pointer}/wsSecurity`, 'must be none, usernameToken or x509Signature', 'phải là none, usernameToken hoặc x509Signature');
  }
  if (s.signatureCaCert) certificate(s.signatureCaCert, `${pointer}/signatureCaCert`);
  if (!!s.signingKey !== !!s.signingCert) {
    throw invalid(`${pointer}/${s.signingKey ? 'signingCert' : 'signingKey'}`, 'a signing key needs its certificate, and a certificate its key', 'khóa ký cần chứng thư của nó, và ngược lại');
  }
  if (s.signingKey && s.signingCert) {
    const cert = certificate(s.signingCert, `${pointer}/signingCert`);
    let key: ReturnType<typeof createPrivateKey>;
    try {
      key = createPrivateKey(s.signingKey);
    } catch {
      throw invalid(`${pointer}/signingKey`, 'not a PEM private key', 'không phải khóa riêng PEM');
    }
    if (key.asymmetricKeyType !== 'rsa') throw invalid(`${pointer}/signingKey`, 'XML signatures here use RSA-SHA256: the key must be RSA', 'chữ ký XML dùng RSA-SHA256: khóa phải là RSA');
    if (!cert.checkPrivateKey(key)) throw invalid(`${pointer}/signingKey`, 'the key does not belong to the signing certificate', 'khóa không khớp với chứng thư ký');
  }
}

/** The whole stored secret (after a rotation's merge too): each WS-Security mode has what it needs. */
export function checkSigningComplete(stored: Record<string, string | number>, pointer = '/secrets'): void {
  if (stored.wsSecurity === 'x509Signature' && !stored.signingKey) {
    throw invalid(`${pointer}/signingKey`, 'x509Signature needs a signing key and certificate', 'x509Signature cần khóa ký và chứng thư');
  }
  if (stored.wsSecurity === 'usernameToken' && (!stored.username || !stored.password)) {
    throw invalid(`${pointer}/credential`, 'usernameToken needs the credential\'s username and password', 'usernameToken cần username và password trong thông tin xác thực');
  }
}
