import { LtError } from '@lienthong/errors';

/** The forms the platform tells apart and can deliver (REG 001 Đ11 step 5). */
export type ExchangeFormat = 'json' | 'edxml' | 'xml' | 'binary';
export const PROTOCOLS: readonly ExchangeFormat[] = ['json', 'edxml', 'xml', 'binary'];

export const EDXML_NS = 'http://www.mic.gov.vn/TBT/QCVN_102_2016';
export const contentTypeOf: Record<ExchangeFormat, string> = {
  json: 'application/json', edxml: 'application/edxml+xml', xml: 'application/xml', binary: 'application/octet-stream',
};

/** What the bytes are, by looking at them (the declared content type is only a hint). */
export function detectFormat(bytes: Buffer): ExchangeFormat {
  let text: string;
  try { text = new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '').trimStart(); } catch { return 'binary'; }
  if (text.startsWith('{') || text.startsWith('[')) {
    try { JSON.parse(text); return 'json'; } catch { return 'binary'; }
  }
  if (text.startsWith('<')) return /<(\w+:)?edXMLEnvelope[\s>]/.test(text) ? 'edxml' : 'xml';
  return 'binary';
}

/**
 * A first guess from the opening bytes only (a streamed upload, before the whole content is there): the
 * form it looks like, without checking the whole document parses. Analysis (step 5) decides with `detectFormat`.
 */
export function sniffFormat(head: Buffer): ExchangeFormat {
  let text: string;
  try { text = new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true }).replace(/^\uFEFF/, '').trimStart(); } catch { return 'binary'; }
  if (text.startsWith('{') || text.startsWith('[')) return 'json';
  if (text.startsWith('<')) return /<(\w+:)?edXMLEnvelope[\s>]/.test(text) ? 'edxml' : 'xml';
  return 'binary';
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export interface EnvelopeInfo {
  exchangeId: string;
  fromAgency: string;
  toAgency: string | null;
  subject: string;
  at: Date;
}

/**
 * JSON → edXML (QCVN 102:2016): a minimal envelope whose body carries the JSON document as the
 * attachment `data.json`, so edXML → JSON gives the very same bytes back.
 */
export function jsonToEdxml(json: Buffer, info: EnvelopeInfo): Buffer {
  const xml = `<?xml version="1.0" encoding="UTF-8"?>
<edXMLEnvelope xmlns="${EDXML_NS}">
  <edXMLHeader>
    <MessageHeader>
      <From><OrganId>${esc(info.fromAgency)}</OrganId></From>
      ${info.toAgency ? `<To><OrganId>${esc(info.toAgency)}</OrganId></To>` : ''}
      <Subject>${esc(info.subject)}</Subject>
      <DocumentId>${esc(info.exchangeId)}</DocumentId>
    </MessageHeader>
    <TraceHeaderList><TraceHeader><OrganId>${esc(info.fromAgency)}</OrganId><Timestamp>${info.at.toISOString()}</Timestamp></TraceHeader></TraceHeaderList>
  </edXMLHeader>
  <edXMLBody>
    <Manifest><Reference href="cid:data.json" AttachmentName="data.json" Description="application/json"/></Manifest>
    <Attachment ContentId="data.json" ContentType="application/json" Encoding="base64">${json.toString('base64')}</Attachment>
  </edXMLBody>
</edXMLEnvelope>
`;
  return Buffer.from(xml, 'utf8');
}

/** edXML → JSON: the `data.json` attachment when there is one, else the header fields as JSON. */
export function edxmlToJson(xml: Buffer): Buffer {
  const text = xml.toString('utf8');
  const att = /<(?:\w+:)?Attachment\b[^>]*ContentType="application\/json"[^>]*>([A-Za-z0-9+/=\s]+)<\/(?:\w+:)?Attachment>/.exec(text);
  if (att?.[1]) return Buffer.from(att[1].replace(/\s+/g, ''), 'base64');
  const field = (name: string) => new RegExp(`<(?:\\w+:)?${name}>([^<]*)</(?:\\w+:)?${name}>`).exec(text)?.[1] ?? null;
  const header = { format: 'edxml', subject: field('Subject'), documentId: field('DocumentId'), from: field('OrganId'),
    attachments: [...text.matchAll(/AttachmentName="([^"]*)"/g)].map((m) => m[1]) };
  return Buffer.from(JSON.stringify(header), 'utf8');
}

/** The bytes the destination gets in the form its protocol asks for; pass-through when nothing is to change. */
export function convert(bytes: Buffer, from: ExchangeFormat, to: ExchangeFormat, info: EnvelopeInfo, transformAllowed: boolean): { bytes: Buffer; format: ExchangeFormat; transformed: boolean } {
  if (to === 'binary' || from === to || !transformAllowed) return { bytes, format: from, transformed: false };
  if (from === 'json' && to === 'edxml') return { bytes: jsonToEdxml(bytes, info), format: 'edxml', transformed: true };
  if (from === 'edxml' && to === 'json') {
    const out = edxmlToJson(bytes);
    try { JSON.parse(out.toString('utf8')); } catch (e) { throw new LtError('EXCHANGE_TRANSFORM_FAILED', { from, to, detail: (e as Error).message }); }
    return { bytes: out, format: 'json', transformed: true };
  }
  if (from === 'edxml' && to === 'xml') return { bytes, format: 'edxml', transformed: false }; // edXML is XML
  throw new LtError('EXCHANGE_TRANSFORM_FAILED', { from, to, detail: 'no converter between these forms' });
}
