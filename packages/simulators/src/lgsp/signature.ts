import { DOMParser, type Element, type Node } from '@xmldom/xmldom';
import { SignedXml } from 'xml-crypto';
import type { SimContext } from '../server.js';

/**
 * The LGSP's check of an edXML package's XML-DSig signature [ASM]: an enveloped signature over the whole package
 * (Reference URI=""), verified with the certificate in its KeyInfo. Systems listed in `requireSignedFrom` must sign;
 * others may send unsigned packages (the older integrations). A failure is ErrorCode 24.
 */
const DSIG_NS = 'http://www.w3.org/2000/09/xmldsig#';
const ENVELOPED = 'http://www.w3.org/2000/09/xmldsig#enveloped-signature';

export interface SignaturePolicy { requireSignedFrom: Set<string> }
export const signaturePolicyOf = (ctx: Pick<SimContext, 'state'>) => ctx.state<SignaturePolicy>('lgsp-signatures', () => ({ requireSignedFrom: new Set() }));

/** Null when the package is acceptable to the LGSP as `systemId` sent it; else why not. */
export function signatureRefusal(xml: string, systemId: string, ctx: SimContext): string | null {
  let root: Element | null;
  try {
    root = new DOMParser({ onError: () => undefined }).parseFromString(xml, 'text/xml').documentElement as unknown as Element | null;
  } catch {
    return null; // the structural check reports malformed XML (ErrorCode 18)
  }
  if (!root) return null;
  const signatures = Array.from(root.childNodes as unknown as ArrayLike<Node>).filter((n) => n.nodeType === 1 && (n as Element).localName === 'Signature' && (n as Element).namespaceURI === DSIG_NS);
  if (signatures.length === 0) return signaturePolicyOf(ctx).requireSignedFrom.has(systemId) ? 'the package must be signed' : null;
  if (signatures.length > 1) return 'more than one signature';
  const sig = new SignedXml({ getCertFromKeyInfo: (info) => SignedXml.getCertFromKeyInfo(info) });
  try {
    sig.loadSignature(signatures[0] as Node);
    const refs = sig.getReferences();
    if (refs.length !== 1 || (refs[0]?.uri ?? '') !== '' || !refs[0]?.transforms.includes(ENVELOPED)) return 'the signature must cover the whole package';
    return sig.checkSignature(xml) ? null : 'the signature does not match the package';
  } catch (e) {
    return `the signature does not match the package (${(e as Error).message.slice(0, 80)})`;
  }
}
