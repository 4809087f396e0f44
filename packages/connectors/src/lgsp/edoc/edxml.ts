import { XMLParser } from 'fast-xml-parser';

/**
 * edXML per QCVN 102:2016 (DOMAIN §6.5): message packages and status packages.
 * The XML-DSig <Signature> is left to a signing step (the key never enters flow data).
 */
export const EDXML_NS = 'http://www.mic.gov.vn/TBT/QCVN_102_2016';

const esc = (s: string) => s.normalize('NFC').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const el = (name: string, value: string | number | undefined) => (value === undefined || value === '' ? '' : `<edXML:${name}>${esc(String(value))}</edXML:${name}>`);
const wrap = (name: string, inner: string) => `<edXML:${name}>${inner}</edXML:${name}>`;

/** Vietnam time (UTC+7, no DST) as ISO 8601 with offset. */
export const vnIso = (d: Date) => `${new Date(d.getTime() + 7 * 3600_000).toISOString().slice(0, 19)}+07:00`;
/** yyyy-MM-dd → yyyy/MM/dd as edXML ids and PromulgationDate use. */
export const slashDate = (isoDate: string) => isoDate.replace(/-/g, '/');

export interface Organ { organId: string; organName: string; organizationInCharge?: string; organAdd?: string; email?: string; telephone?: string; fax?: string; website?: string }
export interface Attachment { cid: string; name: string; contentType: string; contentBase64: string; description?: string }
export interface EdocInput {
  from: Organ;
  to: Organ[];
  code: { codeNumber: string; codeNotation: string };
  promulgation: { place: string; date: string };
  documentType: { type: string; typeName: string };
  subject: string;
  content?: string;
  signer: { competence?: string; position?: string; fullName: string };
  dueDate?: string;
  toPlaces?: string[];
  otherInfo?: { priority?: number; sphereOfPromulgation?: string; typerNotation?: string; promulgationAmount?: number; pageAmount?: number };
  steeringType?: number;
  business?: { docType: 0 | 1 | 2 | 3; reason?: string };
  staff: { department?: string; staff: string; mobile?: string; email?: string };
  attachments?: Attachment[];
}

/** DocumentId = {OrganId},{yyyy/MM/dd},{CodeNumber}/{CodeNotation}. */
export const documentIdOf = (i: Pick<EdocInput, 'from' | 'code' | 'promulgation'>) => `${i.from.organId},${slashDate(i.promulgation.date)},${i.code.codeNumber}/${i.code.codeNotation}`;

const organ = (tag: string, o: Organ) => wrap(tag, el('OrganId', o.organId) + el('OrganizationInCharge', o.organizationInCharge) + el('OrganName', o.organName)
  + el('OrganAdd', o.organAdd) + el('Email', o.email) + el('Telephone', o.telephone) + el('Fax', o.fax) + el('Website', o.website));

export function buildEdxml(i: EdocInput, now: Date): string {
  const documentId = documentIdOf(i);
  const o = i.otherInfo ?? {};
  const header = wrap('MessageHeader',
    organ('From', i.from) + i.to.map((t) => organ('To', t)).join('')
    + wrap('Code', el('CodeNumber', i.code.codeNumber) + el('CodeNotation', i.code.codeNotation))
    + wrap('PromulgationInfo', el('Place', i.promulgation.place) + el('PromulgationDate', slashDate(i.promulgation.date)))
    + wrap('DocumentType', el('Type', i.documentType.type) + el('TypeName', i.documentType.typeName))
    + el('Subject', i.subject) + el('Content', i.content)
    + wrap('SignerInfo', el('Competence', i.signer.competence) + el('Position', i.signer.position) + el('FullName', i.signer.fullName))
    + el('DueDate', i.dueDate ? slashDate(i.dueDate) : undefined)
    + (i.toPlaces?.length ? wrap('ToPlaces', i.toPlaces.map((p) => el('Place', p)).join('')) : '')
    + wrap('OtherInfo', el('Priority', o.priority ?? 0) + el('SphereOfPromulgation', o.sphereOfPromulgation) + el('TyperNotation', o.typerNotation)
      + el('PromulgationAmount', o.promulgationAmount) + el('PageAmount', o.pageAmount))
    + el('SteeringType', i.steeringType) + el('DocumentId', documentId));
  const b = i.business ?? { docType: 0 };
  const trace = wrap('TraceHeaderList',
    wrap('TraceHeader', el('OrganId', i.from.organId) + el('Timestamp', vnIso(now)))
    + wrap('Bussiness', el('BussinessDocType', b.docType) + el('BussinessDocReason', b.reason) + el('DocumentId', documentId)
      + wrap('StaffInfo', el('Department', i.staff.department) + el('Staff', i.staff.staff) + el('Mobile', i.staff.mobile) + el('Email', i.staff.email))));
  const manifest = (i.attachments ?? []).map((a) => `<edXML:Reference href="cid:${esc(a.cid)}">${el('AttachmentName', a.name)}${el('Description', a.description)}</edXML:Reference>`).join('');
  return `<?xml version="1.0" encoding="UTF-8"?><edXML:edXMLEnvelope xmlns:edXML="${EDXML_NS}">`
    + wrap('edXMLHeader', header + trace) + wrap('edXMLBody', wrap('Manifest', manifest)) + '</edXML:edXMLEnvelope>';
}

export interface StatusInput {
  responseFor: { organId: string; code: string; promulgationDate: string; documentId: string };
  from: Organ;
  staff: { department?: string; staff: string; mobile?: string; email?: string };
  statusCode: string;
  description?: string;
}

export function buildStatusPackage(s: StatusInput, now: Date): string {
  const st = wrap('Status',
    wrap('ResponseFor', el('OrganId', s.responseFor.organId) + el('Code', s.responseFor.code) + el('PromulgationDate', slashDate(s.responseFor.promulgationDate)) + el('DocumentId', s.responseFor.documentId))
    + organ('From', s.from)
    + wrap('StaffInfo', el('Department', s.staff.department) + el('Staff', s.staff.staff) + el('Mobile', s.staff.mobile) + el('Email', s.staff.email))
    + el('StatusCode', s.statusCode) + el('Description', s.description) + el('Timestamp', vnIso(now)));
  return `<?xml version="1.0" encoding="UTF-8"?><edXML:edXMLEnvelope xmlns:edXML="${EDXML_NS}">${wrap('edXMLHeader', st)}</edXML:edXMLEnvelope>`;
}

const parser = new XMLParser({
  ignoreAttributes: false, attributeNamePrefix: '@', removeNSPrefix: true, parseTagValue: false, trimValues: true,
  isArray: (name, jpath) => ['To', 'TraceHeader', 'Reference'].includes(name) || String(jpath).endsWith('ToPlaces.Place'),
});

type Node = Record<string, unknown>;
const o = (v: unknown): Node => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Node) : {});
const t = (v: unknown): string => (typeof v === 'string' ? v : '');

/** The parts of a received package a flow needs, as JSON (the reverse of buildEdxml, lossy on optional fields). */
export function readEdxml(xml: string): Record<string, unknown> | null {
  let doc: Node;
  try {
    doc = parser.parse(xml.replace(/^\uFEFF/, ''), true) as Node;
  } catch {
    return null;
  }
  const env = o(doc.edXMLEnvelope);
  const mh = o(o(env.edXMLHeader).MessageHeader);
  if (Object.keys(mh).length === 0) return null;
  const from = o(mh.From);
  const code = o(mh.Code);
  const prom = o(mh.PromulgationInfo);
  const dt = o(mh.DocumentType);
  const signer = o(mh.SignerInfo);
  const bus = o(o(o(env.edXMLHeader).TraceHeaderList).Bussiness);
  return {
    documentId: t(mh.DocumentId),
    from: { organId: t(from.OrganId), organName: t(from.OrganName) },
    to: (mh.To as unknown[] | undefined ?? []).map((x) => ({ organId: t(o(x).OrganId), organName: t(o(x).OrganName) })),
    code: { codeNumber: t(code.CodeNumber), codeNotation: t(code.CodeNotation) },
    promulgation: { place: t(prom.Place), date: t(prom.PromulgationDate).replace(/\//g, '-') },
    documentType: { type: t(dt.Type), typeName: t(dt.TypeName) },
    subject: t(mh.Subject),
    content: t(mh.Content),
    signer: { position: t(signer.Position), fullName: t(signer.FullName) },
    businessDocType: Number(t(bus.BussinessDocType) || '0'),
  };
}
