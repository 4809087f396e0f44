import type { IncomingMessage, ServerResponse } from 'node:http';
import { simAccounts } from '../accounts.js';
import { header, parseJsonBody, Replay, replyJson } from '../respond.js';
import type { SimContext, SimRoute } from '../server.js';

/**
 * The provincial IOC (DOMAIN §6.8, ASM model):
 *   GET  /ioc/api/v1/indicator-sets                 the approved indicators
 *   POST /ioc/api/v1/observations:batch             ≤ 500 observations → {accepted[{index,id}], rejected[{index,code,message}]}
 *   POST /ioc/api/v1/feedback                       create a feedback item (phản ánh kiến nghị)
 *   GET  /ioc/api/v1/feedback?after={cursor}        items received after the cursor, oldest first: {items, cursor, more};
 *                                                   without `after`, only the current cursor (where a new reader starts)
 *   GET  /ioc/api/v1/feedback/{id}
 *   POST /ioc/api/v1/feedback/{id}/status           {to, by, note, at, assignedUnitCode?, idempotencyKey}
 * Header X-Api-Key. Each observation and status change is a side effect counted by its idempotency key.
 */
export const IOC_PATH = '/ioc/api/v1';
export const MAX_BATCH = 500;

export const indicators = [
  { code: 'HC.HOSO.TIEPNHAN.NGAY', name: 'Số hồ sơ tiếp nhận trong ngày', sector: 'hanh_chinh', unit: 'hồ sơ', periodicity: 'daily', aggregation: 'sum', areaLevel: 'commune', ownerAgencyCode: '000.00.92.H48', sharing: 'default' },
  { code: 'YT.GIUONG.CONGSUAT', name: 'Công suất sử dụng giường bệnh', sector: 'y_te', unit: '%', periodicity: 'daily', aggregation: 'max', areaLevel: 'province', ownerAgencyCode: '000.00.00.H48', sharing: 'default' },
  { code: 'GT.TAINAN.SOVU', name: 'Số vụ tai nạn giao thông', sector: 'giao_thong', unit: 'vụ', periodicity: 'monthly', aggregation: 'sum', areaLevel: 'commune', ownerAgencyCode: '000.00.00.H48', sharing: 'default' },
  { code: 'GD.HS.CHUYENCAN', name: 'Tỷ lệ học sinh chuyên cần', sector: 'giao_duc', unit: '%', periodicity: 'monthly', aggregation: 'weighted_avg', areaLevel: 'commune', ownerAgencyCode: '000.00.00.H48', sharing: 'on_request' },
];
/** Areas the IOC knows: the province and its communes of DOMAIN §8 (plus the fictional test codes). */
const AREAS = new Set(['51', '21025', '21028', '21172', '21439', '21451', '91001', '91002', '91003', '91004', '91005']);

/** Feedback states (DOMAIN §6.8) and the moves allowed from each. */
export const FEEDBACK_MOVES: Record<string, string[]> = {
  received: ['verified', 'rejected'],
  verified: ['assigned', 'rejected'],
  assigned: ['processing', 'returned_to_dispatcher'],
  returned_to_dispatcher: ['assigned'],
  processing: ['resolved', 'returned_to_dispatcher'],
  resolved: ['closed'],
  rejected: [],
  closed: [],
};

interface Observation { id: string; indicatorCode: string; areaCode: string; period: string; value: number; unit: string; revision: number; idempotencyKey: string }
interface Feedback { id: string; channel: string; receivedAt: string; content: string; location: Record<string, unknown>; category: string; reporter?: Record<string, unknown>; assignedUnitCode?: string; status: string; dueAt?: string; history: { at: string; by: string; from: string; to: string; note?: string }[] }
interface State { observations: Map<string, Observation>; latestRevision: Map<string, number>; feedback: Map<string, Feedback>; replay: Replay<unknown>; seq: number }

const stateOf = (ctx: SimContext) => ctx.state<State>('ioc', () => ({
  observations: new Map(), latestRevision: new Map(), replay: new Replay(), seq: 123,
  feedback: new Map([['PAKN-2026-000123', {
    id: 'PAKN-2026-000123', channel: 'app', receivedAt: '2026-01-15T07:30:00+07:00', content: 'Đèn đường hỏng trên đường Hùng Vương',
    location: { communeCode: '21025', lat: 15.1214, lon: 108.8044, address: 'Đường Hùng Vương, phường Cẩm Thành' }, category: 'ha_tang_do_thi',
    reporter: { name: 'Người dân (ẩn danh)' }, assignedUnitCode: '000.25.94.H48', status: 'received', dueAt: '2026-01-29T17:00:00+07:00', history: [],
  }]]),
}));

const authed = (req: IncomingMessage) => header(req, 'x-api-key') === simAccounts.ioc.apiKey;
const unauthorized = (res: ServerResponse) => replyJson(res, 401, { code: 'UNAUTHORIZED', message: 'Khóa API không hợp lệ' });

function pushObservations(req: IncomingMessage, body: string, res: ServerResponse, ctx: SimContext): void {
  if (!authed(req)) return unauthorized(res);
  const msg = parseJsonBody(body);
  const items = Array.isArray(msg?.observations) ? (msg.observations as Record<string, unknown>[]) : null;
  if (!items) return replyJson(res, 400, { code: 'INVALID_BATCH', message: 'Thiếu observations' });
  if (items.length > MAX_BATCH) return replyJson(res, 413, { code: 'BATCH_TOO_LARGE', message: `Tối đa ${MAX_BATCH} quan sát mỗi lần` });
  const st = stateOf(ctx);
  const accepted: { index: number; id: string; duplicate?: boolean }[] = [];
  const rejected: { index: number; code: string; message: string }[] = [];
  items.forEach((o, index) => {
    const reject = (code: string, message: string) => rejected.push({ index, code, message });
    const key = typeof o.idempotencyKey === 'string' ? o.idempotencyKey : '';
    if (!key) return reject('MISSING_IDEMPOTENCY_KEY', 'Thiếu idempotencyKey');
    const prior = st.observations.get(key);
    // The same observation again (a retried batch): acknowledged, not stored twice.
    if (prior) {
      ctx.counters.apply('ioc.observation', key);
      return accepted.push({ index, id: prior.id, duplicate: true });
    }
    const ind = indicators.find((i) => i.code === o.indicatorCode);
    if (!ind) return reject('UNKNOWN_INDICATOR', `Chỉ tiêu ${String(o.indicatorCode)} không có trong bộ chỉ số`);
    if (typeof o.areaCode !== 'string' || !AREAS.has(o.areaCode)) return reject('UNKNOWN_AREA', `Địa bàn ${String(o.areaCode)} không xác định (mã xã trước 2025?)`);
    if (typeof o.value !== 'number' || !Number.isFinite(o.value)) return reject('INVALID_VALUE', 'Giá trị phải là số');
    if (o.unit !== ind.unit) return reject('UNIT_MISMATCH', `Đơn vị phải là ${ind.unit}`);
    if (ind.unit === '%' && (o.value < 0 || o.value > 100)) return reject('OUT_OF_RANGE', 'Tỷ lệ phải trong 0–100');
    if (typeof o.period !== 'string' || o.period === '') return reject('INVALID_PERIOD', 'Thiếu kỳ dữ liệu');
    const revision = typeof o.revision === 'number' ? o.revision : 1;
    const seriesKey = `${ind.code}|${o.areaCode}|${o.period}`;
    // A correction is a new revision, never an edit in place: an older or equal revision is stale.
    if ((st.latestRevision.get(seriesKey) ?? 0) >= revision) return reject('STALE_REVISION', `Đã có phiên bản ${st.latestRevision.get(seriesKey) ?? 0}`);
    ctx.counters.apply('ioc.observation', key);
    const id = `OBS-${String(st.observations.size + 1).padStart(6, '0')}`;
    st.observations.set(key, { id, indicatorCode: ind.code, areaCode: o.areaCode, period: o.period, value: o.value, unit: String(o.unit), revision, idempotencyKey: key });
    st.latestRevision.set(seriesKey, revision);
    accepted.push({ index, id });
  });
  replyJson(res, 200, { accepted, rejected });
}

const feedbackId = (req: IncomingMessage) => decodeURIComponent(new URL(req.url ?? '/', 'http://sim').pathname.slice(`${IOC_PATH}/feedback/`.length).split('/')[0] ?? '');

function createFeedback(req: IncomingMessage, body: string, res: ServerResponse, ctx: SimContext): void {
  if (!authed(req)) return unauthorized(res);
  const msg = parseJsonBody(body);
  const st = stateOf(ctx);
  const key = header(req, 'idempotency-key');
  if (key) {
    ctx.counters.apply('ioc.createFeedback', key);
    const replay = st.replay.get(`create|${key}`);
    if (replay) return replyJson(res, 200, replay);
  }
  if (!msg || typeof msg.content !== 'string' || typeof msg.category !== 'string' || typeof msg.channel !== 'string') return replyJson(res, 400, { code: 'INVALID_FEEDBACK', message: 'Thiếu content, category hoặc channel' });
  st.seq += 1;
  const f: Feedback = { id: `PAKN-2026-${String(st.seq).padStart(6, '0')}`, channel: msg.channel, receivedAt: new Date().toISOString(), content: msg.content, category: msg.category,
    location: (msg.location as Record<string, unknown> | undefined) ?? {}, status: 'received', history: [], ...(msg.reporter ? { reporter: msg.reporter as Record<string, unknown> } : {}) };
  st.feedback.set(f.id, f);
  const answer = { id: f.id, status: f.status };
  if (key) st.replay.set(`create|${key}`, answer);
  replyJson(res, 201, answer);
}

const FEED_PAGE = 100;
/** The receiving order of an item: the number in its id (PAKN-yyyy-NNNNNN). */
const seqOf = (f: Feedback) => Number(f.id.slice(-6));

function listFeedback(req: IncomingMessage, _b: string, res: ServerResponse, ctx: SimContext): void {
  if (!authed(req)) return unauthorized(res);
  const st = stateOf(ctx);
  const q = new URL(req.url ?? '/', 'http://sim').searchParams;
  const raw = q.get('after');
  if (raw === null) return replyJson(res, 200, { items: [], cursor: String(st.seq), more: false });
  const after = Number(raw);
  if (!Number.isInteger(after) || after < 0) return replyJson(res, 400, { code: 'INVALID_CURSOR', message: 'Tham số after không hợp lệ' });
  const limit = Math.min(FEED_PAGE, Math.max(1, Number(q.get('limit')) || FEED_PAGE));
  const newer = [...st.feedback.values()].filter((f) => seqOf(f) > after).sort((a, b) => seqOf(a) - seqOf(b));
  const items = newer.slice(0, limit);
  replyJson(res, 200, { items, cursor: String(items.length ? seqOf(items[items.length - 1] as Feedback) : after), more: newer.length > items.length });
}

function getFeedback(req: IncomingMessage, _b: string, res: ServerResponse, ctx: SimContext): void {
  if (!authed(req)) return unauthorized(res);
  const f = stateOf(ctx).feedback.get(feedbackId(req));
  return f ? replyJson(res, 200, f) : replyJson(res, 404, { code: 'FEEDBACK_NOT_FOUND', message: 'Không tìm thấy phản ánh' });
}

function updateFeedbackStatus(req: IncomingMessage, body: string, res: ServerResponse, ctx: SimContext): void {
  if (!authed(req)) return unauthorized(res);
  const st = stateOf(ctx);
  const msg = parseJsonBody(body);
  const key = typeof msg?.idempotencyKey === 'string' ? msg.idempotencyKey : header(req, 'idempotency-key');
  if (!msg || !key) return replyJson(res, 400, { code: 'INVALID_STATUS', message: 'Thiếu nội dung hoặc idempotencyKey' });
  ctx.counters.apply('ioc.feedbackStatus', key);
  const replay = st.replay.get(`status|${key}`);
  if (replay) return replyJson(res, 200, replay);
  const f = st.feedback.get(feedbackId(req));
  if (!f) return replyJson(res, 404, { code: 'FEEDBACK_NOT_FOUND', message: 'Không tìm thấy phản ánh' });
  const to = String(msg.to);
  if (!(FEEDBACK_MOVES[f.status] ?? []).includes(to)) return replyJson(res, 409, { code: 'INVALID_TRANSITION', message: `Không chuyển được từ ${f.status} sang ${to}`, from: f.status, to });
  if (to === 'assigned' && typeof msg.assignedUnitCode === 'string') f.assignedUnitCode = msg.assignedUnitCode;
  f.history.push({ at: typeof msg.at === 'string' ? msg.at : new Date().toISOString(), by: String(msg.by ?? ''), from: f.status, to, ...(typeof msg.note === 'string' ? { note: msg.note } : {}) });
  f.status = to;
  const answer = { id: f.id, status: f.status, historyLength: f.history.length };
  st.replay.set(`status|${key}`, answer);
  replyJson(res, 200, answer);
}

export const iocRoutes: SimRoute[] = [
  { method: 'GET', path: `${IOC_PATH}/indicator-sets`, operation: 'ioc.getIndicatorSet', handler: (req, _b, res) => (authed(req) ? replyJson(res, 200, { items: indicators }) : unauthorized(res)) },
  { method: 'POST', path: `${IOC_PATH}/observations:batch`, operation: 'ioc.pushObservations', handler: pushObservations },
  { method: 'POST', path: `${IOC_PATH}/feedback`, operation: 'ioc.createFeedback', handler: createFeedback },
  { method: 'GET', path: `${IOC_PATH}/feedback`, operation: 'ioc.listFeedback', handler: listFeedback },
  { method: 'POST', path: `${IOC_PATH}/feedback/*`, operation: 'ioc.updateFeedbackStatus', handler: updateFeedbackStatus },
  { method: 'GET', path: `${IOC_PATH}/feedback/*`, operation: 'ioc.getFeedback', handler: getFeedback },
];
