import { XMLParser } from 'fast-xml-parser';

/**
 * Structural check of an edXML package per QCVN 102:2016 as summarised in DOMAIN §6.5 [PUB].
 * It is the simulator's own reading of the structure (written independently of the connector
 * that builds packages), so a connector test can use it as the oracle.
 */
export const EDXML_NS = 'http://www.mic.gov.vn/TBT/QCVN_102_2016';
const LEGACY_CODE = /^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}$/;
const V2020_CODE = /^[A-Z]\d{2}(\.[0-9A-Z]+)*$/;
export const isAgencyCode = (s: unknown): s is string => typeof s === 'string' && (LEGACY_CODE.test(s) || (V2020_CODE.test(s) && s.length <= 35));

const parser = new XMLParser({
  ignoreAttributes: false, attributeNamePrefix: '@', removeNSPrefix: true, parseTagValue: false, trimValues: true,
  isArray: (name, jpath) => ['To', 'TraceHeader', 'Reference', 'ResponseFor', 'Appendix'].includes(name) || String(jpath).endsWith('ToPlaces.Place'),
});

type Node = Record<string, unknown>;
const obj = (v: unknown): Node | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Node) : undefined);
const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);
const arr = (v: unknown): Node[] => (Array.isArray(v) ? (v as unknown[]).map(obj).filter((x): x is Node => !!x) : []);

/** Parses a package: its edXMLEnvelope element (undefined when the root is another), or why the XML is not well formed. */
function readEnvelope(xml: string): { env: Node | undefined } | { malformed: string } {
  try {
    return { env: obj((parser.parse(xml, true) as Node).edXMLEnvelope) };
  } catch (e) {
    return { malformed: `not well-formed XML: ${(e as Error).message.slice(0, 80)}` };
  }
}

export interface EdxmlSummary {
  documentId: string;
  from: { organId: string; organName: string };
  to: { organId: string; organName: string }[];
  code: { codeNumber: string; codeNotation: string };
  promulgationDate: string;
  subject: string;
  documentType: { type: string; typeName: string };
  businessDocType: string;
  references: { href: string; attachmentName: string }[];
}

/** Parses and checks an edXML message package; returns the issues (empty when valid) and a summary. */
export function checkEdxml(xml: string): { issues: string[]; summary?: EdxmlSummary } {
  const issues: string[] = [];
  const read = readEnvelope(xml);
  if ('malformed' in read) return { issues: [read.malformed] };
  const env = read.env;
  if (!env) return { issues: ['root element must be edXMLEnvelope'] };
  // The parser drops namespace declarations, so read the root tag itself: its prefix must be bound to the edXML namespace.
  const root = /<(?:(\w+):)?edXMLEnvelope\b([^>]*)>/.exec(xml);
  const nsOk = !!root && new RegExp(`xmlns${root[1] ? `:${root[1]}` : ''}="${EDXML_NS.replace(/[./]/g, '\\$&')}"`).test(root[2] ?? '');
  if (!nsOk) issues.push(`edXMLEnvelope must declare namespace ${EDXML_NS}`);
  const header = obj(env.edXMLHeader);
  const body = obj(env.edXMLBody);
  if (!header) return { issues: [...issues, 'edXMLHeader is missing'] };
  if (!body) issues.push('edXMLBody is missing');
  const mh = obj(header.MessageHeader);
  if (!mh) return { issues: [...issues, 'MessageHeader is missing'] };

  const from = obj(mh.From);
  if (!from || !isAgencyCode(from.OrganId)) issues.push('MessageHeader/From/OrganId must be an agency code');
  if (!from || !text(from.OrganName)) issues.push('MessageHeader/From/OrganName is required');
  const to = arr(mh.To);
  if (to.length === 0) issues.push('MessageHeader/To: at least one recipient');
  to.forEach((t, i) => {
    if (!isAgencyCode(t.OrganId)) issues.push(`MessageHeader/To[${i}]/OrganId must be an agency code`);
  });
  const code = obj(mh.Code);
  if (!code || !text(code.CodeNumber) || !text(code.CodeNotation)) issues.push('MessageHeader/Code needs CodeNumber and CodeNotation');
  const prom = obj(mh.PromulgationInfo);
  const promDate = text(prom?.PromulgationDate);
  if (!prom || !text(prom.Place) || !promDate || !/^\d{4}\/\d{2}\/\d{2}$/.test(promDate)) issues.push('MessageHeader/PromulgationInfo needs Place and PromulgationDate (yyyy/MM/dd)');
  const dt = obj(mh.DocumentType);
  if (!dt || !text(dt.Type) || !text(dt.TypeName)) issues.push('MessageHeader/DocumentType needs Type and TypeName');
  if (!text(mh.Subject)) issues.push('MessageHeader/Subject is required');
  const signer = obj(mh.SignerInfo);
  if (!signer || !text(signer.FullName)) issues.push('MessageHeader/SignerInfo/FullName is required');
  const documentId = text(mh.DocumentId);
  const expectedId = from && code && promDate ? `${text(from.OrganId)},${promDate},${text(code.CodeNumber)}/${text(code.CodeNotation)}` : undefined;
  if (!documentId) issues.push('MessageHeader/DocumentId is required');
  else if (expectedId && documentId !== expectedId) issues.push(`MessageHeader/DocumentId must be {OrganId},{yyyy/MM/dd},{CodeNumber}/{CodeNotation} = ${expectedId}`);
  const other = obj(mh.OtherInfo);
  if (other && other.Priority !== undefined && !/^[0-4]$/.test(text(other.Priority) ?? '')) issues.push('MessageHeader/OtherInfo/Priority must be 0–4');

  const trace = obj(header.TraceHeaderList);
  const traces = arr(trace?.TraceHeader);
  if (traces.length === 0) issues.push('TraceHeaderList needs at least one TraceHeader');
  traces.forEach((t, i) => {
    if (!isAgencyCode(t.OrganId) || !text(t.Timestamp)) issues.push(`TraceHeader[${i}] needs OrganId and Timestamp`);
  });
  const bus = obj(trace?.Bussiness);
  const busType = text(bus?.BussinessDocType);
  if (!bus || !busType || !/^[0-3]$/.test(busType)) issues.push('TraceHeaderList/Bussiness/BussinessDocType must be 0–3');
  if (bus && busType !== '0' && !text(bus.BussinessDocReason)) issues.push('Bussiness/BussinessDocReason is required for a revocation, update or replacement');

  const refs = arr(obj(body?.Manifest)?.Reference);
  refs.forEach((r, i) => {
    if (!/^cid:.+/.test(text(r['@href']) ?? text(r.href) ?? '')) issues.push(`Manifest/Reference[${i}]/@href must be a cid: URI`);
    if (!text(r.AttachmentName)) issues.push(`Manifest/Reference[${i}]/AttachmentName is required`);
  });

  if (issues.length > 0) return { issues };
  return {
    issues,
    summary: {
      documentId: documentId as string,
      from: { organId: text(from?.OrganId) ?? '', organName: text(from?.OrganName) ?? '' },
      to: to.map((t) => ({ organId: text(t.OrganId) ?? '', organName: text(t.OrganName) ?? '' })),
      code: { codeNumber: text(code?.CodeNumber) ?? '', codeNotation: text(code?.CodeNotation) ?? '' },
      promulgationDate: promDate ?? '', subject: text(mh.Subject) ?? '',
      documentType: { type: text(dt?.Type) ?? '', typeName: text(dt?.TypeName) ?? '' },
      businessDocType: busType ?? '0',
      references: refs.map((r) => ({ href: text(r['@href']) ?? text(r.href) ?? '', attachmentName: text(r.AttachmentName) ?? '' })),
    },
  };
}

export interface StatusPackage {
  responseFor: { organId: string; code: string; promulgationDate: string; documentId: string };
  fromOrganId: string;
  statusCode: string;
  description: string;
  timestamp: string;
}

/** Parses and checks a status package (ResponseFor, From, StaffInfo, StatusCode, Description, Timestamp). */
export function checkStatusPackage(xml: string): { issues: string[]; status?: StatusPackage } {
  const read = readEnvelope(xml);
  if ('malformed' in read) return { issues: [read.malformed] };
  const header = obj(read.env?.edXMLHeader);
  const st = obj(header?.Status);
  if (!st) return { issues: ['edXMLEnvelope/edXMLHeader/Status is missing'] };
  const issues: string[] = [];
  const rf = arr(st.ResponseFor)[0];
  if (!rf || !isAgencyCode(rf.OrganId) || !text(rf.Code) || !text(rf.DocumentId) || !text(rf.PromulgationDate)) issues.push('Status/ResponseFor needs OrganId, Code, PromulgationDate and DocumentId');
  const from = obj(st.From);
  if (!from || !isAgencyCode(from.OrganId)) issues.push('Status/From/OrganId must be an agency code');
  const staff = obj(st.StaffInfo);
  if (!staff || !text(staff.Staff)) issues.push('Status/StaffInfo/Staff is required');
  const code = text(st.StatusCode) ?? '';
  if (!/^(01|02|03|04|05|06|13|15|16)$/.test(code)) issues.push('Status/StatusCode must be 01–06, 13, 15 or 16');
  if (code === '02' && !text(st.Description)) issues.push('Status/Description (the reason) is required for 02');
  if (!text(st.Timestamp)) issues.push('Status/Timestamp is required');
  if (issues.length > 0 || !rf || !from) return { issues };
  return { issues, status: {
    responseFor: { organId: text(rf.OrganId) ?? '', code: text(rf.Code) ?? '', promulgationDate: text(rf.PromulgationDate) ?? '', documentId: text(rf.DocumentId) ?? '' },
    fromOrganId: text(from.OrganId) ?? '', statusCode: code, description: text(st.Description) ?? '', timestamp: text(st.Timestamp) ?? '',
  } };
}
