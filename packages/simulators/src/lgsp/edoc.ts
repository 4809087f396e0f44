import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { simAccounts } from '../accounts.js';
import { duplicateDelivery, header, queryOf, Replay, replyJson } from '../respond.js';
import type { SimContext, SimRoute } from '../server.js';
import { checkEdxml, checkStatusPackage, type EdxmlSummary } from './edxml.js';
import { signatureRefusal } from './signature.js';

/**
 * An LGSP document API in the Lạng Sơn style (DOMAIN §6.5) [PUB example, ASM details]:
 *   POST /v1/sendEdoc (multipart: part "file" = edXML, parts "attachment:<cid>" = base64 attachments) → DocId
 *   GET  /v1/syncReceivedEdocList?messageType=edoc|status&fromDate=yyyy/MM/dd&toDate=…
 *   GET  /v1/getEdoc?docId=…   → base64 edXML and attachments
 *   POST /v1/updateStatus      (a status package in edXML)
 *   GET  /v1/getAgenciesList
 * Headers X-SystemId + X-SecretKey. Replies carry ErrorCode: 0 success; 10 authentication failed,
 * 15 unknown recipient, 18 malformed edXML, 19 too large, 20 not found, 21 duplicate,
 * 22 status not allowed, 23 internal (the only retryable one), 24 XML-DSig signature refused (see signature.ts).
 */
export const LGSP_PATH = '/lgsp/v1';
const MAX_BYTES = 5 * 1024 * 1024;

interface StoredDoc {
  docId: string;
  summary: EdxmlSummary;
  edxml: string;
  attachments: { cid: string; name: string; contentType: string; contentBase64: string }[];
  /** Status per recipient, the latest accepted code. */
  status: Map<string, string>;
  recallPending: Set<string>;
  createdAt: Date;
}
interface Message { id: string; messageType: 'edoc' | 'status'; to: string; from: string; docId: string; documentId: string; subject?: string; statusCode?: string; description?: string; createdAt: Date }

interface LgspState { docs: Map<string, StoredDoc>; inbox: Message[]; sendReplay: Replay<unknown>; statusReplay: Replay<unknown> }
const stateOf = (ctx: SimContext) => ctx.state<LgspState>('lgsp', () => ({ docs: new Map(), inbox: [], sendReplay: new Replay(), statusReplay: new Replay() }));

const ok = (extra: Record<string, unknown> = {}) => ({ ErrorCode: 0, ErrorDesc: 'Thành công', ...extra });
const err = (code: number, desc: string) => ({ ErrorCode: code, ErrorDesc: desc });

/** The calling system, or null (ErrorCode 10). */
function caller(req: IncomingMessage): string | null {
  const id = header(req, 'x-systemid');
  const acc = simAccounts.lgsp.find((a) => a.systemId === id);
  return acc && header(req, 'x-secretkey') === acc.secretKey ? acc.systemId : null;
}
const known = (code: string) => simAccounts.lgsp.some((a) => a.systemId === code);

/** Receiver path 01 → 03 → 04 → 05 → 06 (04 may be skipped); 02 only before 03; nothing after 02. */
const RANK: Record<string, number> = { '01': 1, '03': 2, '04': 3, '05': 4, '06': 5 };

const ymd = (d: Date) => new Date(d.getTime() + 7 * 3600_000).toISOString().slice(0, 10).replace(/-/g, '/');

async function sendEdoc(req: IncomingMessage, body: string, res: ServerResponse, ctx: SimContext): Promise<void> {
  const me = caller(req);
  if (!me) return replyJson(res, 200, err(10, 'Xác thực thất bại'));
  if (Buffer.byteLength(body) > MAX_BYTES) return replyJson(res, 200, err(19, 'Gói tin vượt quá dung lượng cho phép'));
  const st = stateOf(ctx);
  const key = header(req, 'idempotency-key');
  const replay = key ? st.sendReplay.get(`${me}|${key}`) : undefined;
  if (key) ctx.counters.apply('lgsp.sendEdoc', `${me}|${key}`);
  if (replay) return replyJson(res, 200, replay);
  let form: FormData;
  try {
    form = await new Response(body, { headers: { 'content-type': header(req, 'content-type') ?? '' } }).formData();
  } catch {
    return replyJson(res, 200, err(18, 'Không đọc được gói tin multipart'));
  }
  const file = form.get('file');
  const xml = file instanceof Blob ? await file.text() : typeof file === 'string' ? file : '';
  const { issues, summary } = checkEdxml(xml);
  if (!summary) return replyJson(res, 200, { ...err(18, 'edXML không hợp lệ'), Issues: issues });
  const badSignature = signatureRefusal(xml, me, ctx);
  if (badSignature) return replyJson(res, 200, { ...err(24, 'Chữ ký số của gói tin không hợp lệ'), Issues: [badSignature] });
  if (summary.from.organId !== me) return replyJson(res, 200, { ...err(18, 'From/OrganId khác hệ thống gửi'), Issues: ['From/OrganId must be the sending system'] });
  const unknownTo = summary.to.find((t) => !known(t.organId));
  if (unknownTo) return replyJson(res, 200, err(15, `Không xác định được đơn vị nhận ${unknownTo.organId}`));
  const attachments: StoredDoc['attachments'] = [];
  for (const [name, value] of form.entries()) {
    if (!name.startsWith('attachment:')) continue;
    const cid = name.slice('attachment:'.length);
    attachments.push({ cid, name: value instanceof File ? value.name : cid, contentType: value instanceof Blob ? value.type : 'application/octet-stream', contentBase64: value instanceof Blob ? Buffer.from(await value.arrayBuffer()).toString('base64') : Buffer.from(value, 'base64').toString('base64') });
  }
  const missing = summary.references.find((r) => !attachments.some((a) => `cid:${a.cid}` === r.href));
  if (missing) return replyJson(res, 200, { ...err(18, `Thiếu tệp đính kèm ${missing.href}`), Issues: [`attachment for ${missing.href} is missing`] });
  // A package already sent (same DocumentId and a new business type "new") is a duplicate.
  const dup = [...st.docs.values()].find((d) => d.summary.documentId === summary.documentId && d.summary.from.organId === me && summary.businessDocType === '0');
  if (dup) return replyJson(res, 200, { ...err(21, 'Văn bản đã được gửi trước đó'), DocId: dup.docId });
  const doc: StoredDoc = { docId: randomUUID(), summary, edxml: xml, attachments, status: new Map(), recallPending: new Set(), createdAt: new Date() };
  st.docs.set(doc.docId, doc);
  for (const t of summary.to) {
    st.inbox.push({ id: randomUUID(), messageType: 'edoc', to: t.organId, from: me, docId: doc.docId, documentId: summary.documentId, subject: summary.subject, createdAt: doc.createdAt });
  }
  const answer = ok({ DocId: doc.docId });
  if (key) st.sendReplay.set(`${me}|${key}`, answer);
  replyJson(res, 200, answer);
}

function syncReceived(req: IncomingMessage, _body: string, res: ServerResponse, ctx: SimContext): void {
  const me = caller(req);
  if (!me) return replyJson(res, 200, err(10, 'Xác thực thất bại'));
  const q = queryOf(req);
  const type = q.get('messageType') ?? 'edoc';
  const from = q.get('fromDate') ?? '0000/00/00';
  const to = q.get('toDate') ?? '9999/99/99';
  if (!/^(edoc|status)$/.test(type) || !/^\d{4}\/\d{2}\/\d{2}$/.test(from) || !/^\d{4}\/\d{2}\/\d{2}$/.test(to)) return replyJson(res, 200, err(18, 'Tham số không hợp lệ'));
  const items = stateOf(ctx).inbox
    .filter((m) => m.to === me && m.messageType === type && ymd(m.createdAt) >= from && ymd(m.createdAt) <= to)
    .map((m) => ({ id: m.id, messageType: m.messageType, docId: m.docId, documentId: m.documentId, from: m.from, subject: m.subject, statusCode: m.statusCode, description: m.description, createdAt: m.createdAt.toISOString() }));
  // Duplicate delivery: the same messages come twice (receivers must be idempotent).
  replyJson(res, 200, ok({ data: duplicateDelivery(res) ? [...items, ...items] : items }));
}

function getEdoc(req: IncomingMessage, _body: string, res: ServerResponse, ctx: SimContext): void {
  const me = caller(req);
  if (!me) return replyJson(res, 200, err(10, 'Xác thực thất bại'));
  const doc = stateOf(ctx).docs.get(queryOf(req).get('docId') ?? '');
  if (!doc || (doc.summary.from.organId !== me && !doc.summary.to.some((t) => t.organId === me))) return replyJson(res, 200, err(20, 'Không tìm thấy văn bản'));
  replyJson(res, 200, ok({ data: { docId: doc.docId, content: Buffer.from(doc.edxml, 'utf8').toString('base64'), attachments: doc.attachments } }));
}

function updateStatus(req: IncomingMessage, body: string, res: ServerResponse, ctx: SimContext): void {
  const me = caller(req);
  if (!me) return replyJson(res, 200, err(10, 'Xác thực thất bại'));
  const st = stateOf(ctx);
  const key = header(req, 'idempotency-key');
  if (key) ctx.counters.apply('lgsp.updateStatus', `${me}|${key}`);
  const replay = key ? st.statusReplay.get(`${me}|${key}`) : undefined;
  if (replay) return replyJson(res, 200, replay);
  const { issues, status } = checkStatusPackage(body);
  if (!status) return replyJson(res, 200, { ...err(18, 'Gói tin trạng thái không hợp lệ'), Issues: issues });
  const badSignature = signatureRefusal(body, me, ctx);
  if (badSignature) return replyJson(res, 200, { ...err(24, 'Chữ ký số của gói tin không hợp lệ'), Issues: [badSignature] });
  if (status.fromOrganId !== me) return replyJson(res, 200, err(22, 'From/OrganId khác hệ thống gửi trạng thái'));
  const doc = [...st.docs.values()].find((d) => d.summary.documentId === status.responseFor.documentId);
  if (!doc) return replyJson(res, 200, err(20, 'Không tìm thấy văn bản'));
  const isSender = doc.summary.from.organId === me;
  const isRecipient = doc.summary.to.some((t) => t.organId === me);
  const code = status.statusCode;
  const notify = (to: string[]) => {
    for (const t of to) st.inbox.push({ id: randomUUID(), messageType: 'status', to: t, from: me, docId: doc.docId, documentId: doc.summary.documentId, statusCode: code, description: status.description, createdAt: new Date() });
  };
  let answer: Record<string, unknown>;
  if (code === '13') {
    // Recall / update request: only the sender, to every recipient that has not finished.
    if (!isSender) return replyJson(res, 200, err(22, 'Chỉ đơn vị gửi được yêu cầu thu hồi (13)'));
    for (const t of doc.summary.to) doc.recallPending.add(t.organId);
    notify(doc.summary.to.map((t) => t.organId));
    answer = ok({ StatusCode: code });
  } else {
    if (!isRecipient) return replyJson(res, 200, err(22, 'Chỉ đơn vị nhận được cập nhật trạng thái này'));
    const current = doc.status.get(me);
    if (code === '15' || code === '16') {
      if (!doc.recallPending.has(me)) return replyJson(res, 200, err(22, 'Không có yêu cầu thu hồi đang chờ'));
      doc.recallPending.delete(me);
    } else if (current === code) {
      // The same status twice (a duplicate delivery or a resend) is acknowledged, not applied again.
      return replyJson(res, 200, ok({ StatusCode: code, Duplicate: true }));
    } else if (code === '02') {
      if (current !== undefined && current !== '01') return replyJson(res, 200, err(22, 'Chỉ từ chối tiếp nhận (02) khi chưa tiếp nhận'));
    } else {
      if (current === '02') return replyJson(res, 200, err(22, 'Văn bản đã bị từ chối tiếp nhận (02)'));
      if ((RANK[code] ?? 0) < (RANK[current ?? ''] ?? 0)) return replyJson(res, 200, err(22, `Không được lùi trạng thái từ ${current ?? ''} về ${code}`));
    }
    if (code !== '15' && code !== '16') doc.status.set(me, code);
    notify([doc.summary.from.organId]);
    answer = ok({ StatusCode: code });
  }
  if (key) st.statusReplay.set(`${me}|${key}`, answer);
  replyJson(res, 200, answer);
}

function agencies(req: IncomingMessage, _body: string, res: ServerResponse): void {
  if (!caller(req)) return replyJson(res, 200, err(10, 'Xác thực thất bại'));
  replyJson(res, 200, ok({ data: simAccounts.lgsp.map((a) => ({ code: a.systemId, name: a.name })) }));
}

export const lgspRoutes: SimRoute[] = [
  { method: 'POST', path: `${LGSP_PATH}/sendEdoc`, operation: 'lgsp.sendEdoc', handler: sendEdoc },
  { method: 'GET', path: `${LGSP_PATH}/syncReceivedEdocList`, operation: 'lgsp.syncReceivedEdocList', handler: syncReceived },
  { method: 'GET', path: `${LGSP_PATH}/getEdoc`, operation: 'lgsp.getEdoc', handler: getEdoc },
  { method: 'POST', path: `${LGSP_PATH}/updateStatus`, operation: 'lgsp.updateStatus', handler: updateStatus },
  { method: 'GET', path: `${LGSP_PATH}/getAgenciesList`, operation: 'lgsp.getAgenciesList', handler: agencies },
];
