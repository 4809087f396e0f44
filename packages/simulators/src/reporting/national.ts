import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { simAccounts } from '../accounts.js';
import { header, parseJsonBody, queryOf, Replay, replyJson } from '../respond.js';
import type { SimContext, SimRoute } from '../server.js';

/**
 * The national (Government) reporting system that provinces roll up to (DOMAIN §6.7, ASM model):
 *   GET  /baocao/api/v1/regimes                      listRegimes
 *   GET  /baocao/api/v1/templates/{code}             getTemplate
 *   GET  /baocao/api/v1/periods?regimeCode=          the periods and their state
 *   POST /baocao/api/v1/submissions                  submitAggregate → 201 {receiptId, receivedAt}
 *   GET  /baocao/api/v1/submissions/{receiptId}      getSubmissionStatus → received | accepted | returned{comments}
 * Errors {code, message, indicatorCode?}: PERIOD_CLOSED, TEMPLATE_VERSION_MISMATCH, VALIDATION_FAILED,
 * SIGNATURE_INVALID, DUPLICATE_SUBMISSION, REGIME_NOT_FOUND; 503 in maintenance (fault injection).
 */
export const REPORTING_PATH = '/baocao/api/v1';

/** The §8 regime BC-KTXH-THANG and its template [FICT]. */
export const regimes = [{
  code: 'BC-KTXH-THANG', name: 'Báo cáo tình hình kinh tế - xã hội hằng tháng', kind: 'periodic', leadAgencyCode: '000.00.92.H48',
  legalBasis: 'QĐ 239/QĐ-UBND ngày 01/12/2025', frequency: 'month', templateIds: ['BC-KTXH-THANG'], unitScope: ['commune'], reviewDueAt: '2026-12-01',
}];
export const templates = [{
  code: 'BC-KTXH-THANG', version: 2,
  indicators: [
    { code: 'A01', name: 'Hồ sơ tiếp nhận', unit: 'hồ sơ', type: 'number', aggregation: 'sum', required: true, min: 0 },
    { code: 'A02', name: 'Hồ sơ đúng hạn', unit: 'hồ sơ', type: 'number', aggregation: 'sum', required: true, min: 0 },
    { code: 'A03', name: 'Tỷ lệ đúng hạn', unit: '%', type: 'percent', aggregation: 'weighted_avg', by: 'A01', required: true, min: 0, max: 100, rule: 'A03 = A02/A01*100' },
    { code: 'A04', name: 'Thu ngân sách', unit: 'triệu đồng', type: 'number', aggregation: 'sum', required: false, min: 0 },
    { code: 'A05', name: 'Đánh giá chung', unit: 'text', type: 'text', aggregation: 'text_concat', required: false },
  ],
}];
/** 2025-12 is closed; every month of 2026–2027 is open (NĐ 09/2019 windows: 15th of the previous month → 14th, deadline the 20th). */
const month = (i: number) => `${2026 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
export const periods = [
  { regimeCode: 'BC-KTXH-THANG', kind: 'month', label: '2025-12', dataFrom: '2025-11-15', dataTo: '2025-12-14', deadline: '2025-12-20', state: 'closed' },
  ...Array.from({ length: 24 }, (_, i) => {
    const prev = i === 0 ? '2025-12' : month(i - 1);
    return { regimeCode: 'BC-KTXH-THANG', kind: 'month', label: month(i), dataFrom: `${prev}-15`, dataTo: `${month(i)}-14`, deadline: `${month(i)}-20`, state: 'open' };
  }),
];

interface Submission { receiptId: string; regimeCode: string; periodLabel: string; provinceCode: string; key: string; values: { indicatorCode: string; value: unknown }[]; receivedAt: string; polls: number }
interface State { byReceipt: Map<string, Submission>; byPeriod: Map<string, Submission>; replay: Replay<unknown> }
const stateOf = (ctx: SimContext) => ctx.state<State>('reporting', () => ({ byReceipt: new Map(), byPeriod: new Map(), replay: new Replay() }));

const fail = (res: ServerResponse, status: number, code: string, message: string, extra: Record<string, unknown> = {}) => replyJson(res, status, { code, message, ...extra });
const authed = (req: IncomingMessage) => header(req, 'x-api-key') === simAccounts.reporting.apiKey;

/** The first value that breaks the template: missing required, wrong type, out of range, A02 > A01, or A03 ≠ A02/A01×100. */
function validate(values: { indicatorCode: string; value: unknown }[]): { indicatorCode: string; reason: string } | null {
  const t = templates[0];
  const v = new Map(values.map((x) => [x.indicatorCode, x.value]));
  for (const ind of t?.indicators ?? []) {
    const x = v.get(ind.code);
    if (x === undefined || x === null) {
      if (ind.required) return { indicatorCode: ind.code, reason: 'thiếu giá trị bắt buộc' };
      continue;
    }
    if (ind.type === 'text') {
      if (typeof x !== 'string') return { indicatorCode: ind.code, reason: 'phải là văn bản' };
      continue;
    }
    if (typeof x !== 'number' || !Number.isFinite(x)) return { indicatorCode: ind.code, reason: 'phải là số' };
    if (ind.min !== undefined && x < ind.min) return { indicatorCode: ind.code, reason: `nhỏ hơn ${ind.min}` };
    if (ind.max !== undefined && x > ind.max) return { indicatorCode: ind.code, reason: `lớn hơn ${ind.max}` };
  }
  for (const x of values) if (!t?.indicators.some((i) => i.code === x.indicatorCode)) return { indicatorCode: x.indicatorCode, reason: 'chỉ tiêu không có trong biểu mẫu' };
  const a1 = v.get('A01') as number;
  const a2 = v.get('A02') as number;
  if (a2 > a1) return { indicatorCode: 'A02', reason: 'lớn hơn A01' };
  const expected = a1 === 0 ? 0 : (a2 / a1) * 100;
  if (Math.abs((v.get('A03') as number) - expected) > 0.1) return { indicatorCode: 'A03', reason: `phải bằng A02/A01*100 = ${expected.toFixed(2)}` };
  return null;
}

function submit(req: IncomingMessage, body: string, res: ServerResponse, ctx: SimContext): void {
  if (!authed(req)) return fail(res, 401, 'UNAUTHORIZED', 'Khóa API không hợp lệ');
  const msg = parseJsonBody(body);
  if (!msg) return fail(res, 400, 'VALIDATION_FAILED', 'Nội dung không phải JSON');
  const st = stateOf(ctx);
  const key = typeof msg.idempotencyKey === 'string' ? msg.idempotencyKey : header(req, 'idempotency-key');
  if (!key) return fail(res, 400, 'VALIDATION_FAILED', 'Thiếu idempotencyKey');
  ctx.counters.apply('reporting.submitAggregate', key);
  const replay = st.replay.get(key);
  if (replay) return replyJson(res, 200, replay);
  const regime = regimes.find((r) => r.code === msg.regimeCode);
  if (!regime) return fail(res, 404, 'REGIME_NOT_FOUND', `Không có chế độ báo cáo ${String(msg.regimeCode)}`);
  const period = periods.find((p) => p.regimeCode === regime.code && p.label === msg.periodLabel);
  if (!period) return fail(res, 422, 'VALIDATION_FAILED', `Không có kỳ ${String(msg.periodLabel)}`, { field: 'periodLabel' });
  if (period.state === 'closed') return fail(res, 409, 'PERIOD_CLOSED', `Kỳ ${period.label} đã đóng`);
  if (msg.provinceCode !== simAccounts.reporting.provinceCode) return fail(res, 403, 'NOT_PERMITTED', 'Khóa API không thuộc tỉnh này');
  if (msg.templateVersion !== templates[0]?.version) return fail(res, 422, 'TEMPLATE_VERSION_MISMATCH', `Biểu mẫu hiện hành là phiên bản ${templates[0]?.version ?? 0}`, { currentVersion: templates[0]?.version });
  const values = Array.isArray(msg.values) ? (msg.values as { indicatorCode: string; value: unknown }[]) : [];
  const bad = validate(values);
  if (bad) return fail(res, 422, 'VALIDATION_FAILED', `Chỉ tiêu ${bad.indicatorCode}: ${bad.reason}`, { indicatorCode: bad.indicatorCode });
  // A detached signature from the signing step [ASM]: base64 of at least 64 bytes.
  const sig = typeof msg.signature === 'string' ? msg.signature : '';
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(sig) || Buffer.from(sig, 'base64').length < 64) return fail(res, 422, 'SIGNATURE_INVALID', 'Chữ ký số không hợp lệ');
  const periodKey = `${regime.code}|${period.label}|${String(msg.provinceCode)}`;
  const prior = st.byPeriod.get(periodKey);
  if (prior) return fail(res, 409, 'DUPLICATE_SUBMISSION', `Kỳ ${period.label} đã được gửi`, { receiptId: prior.receiptId });
  const s: Submission = { receiptId: `BC-${randomUUID()}`, regimeCode: regime.code, periodLabel: period.label, provinceCode: String(msg.provinceCode), key, values, receivedAt: new Date().toISOString(), polls: 0 };
  st.byReceipt.set(s.receiptId, s);
  st.byPeriod.set(periodKey, s);
  const answer = { receiptId: s.receiptId, receivedAt: s.receivedAt };
  st.replay.set(key, answer);
  replyJson(res, 201, answer);
}

function status(req: IncomingMessage, _body: string, res: ServerResponse, ctx: SimContext): void {
  if (!authed(req)) return fail(res, 401, 'UNAUTHORIZED', 'Khóa API không hợp lệ');
  const id = decodeURIComponent(new URL(req.url ?? '/', 'http://sim').pathname.split('/').pop() ?? '');
  const s = stateOf(ctx).byReceipt.get(id);
  if (!s) return fail(res, 404, 'RECEIPT_NOT_FOUND', 'Không tìm thấy biên nhận');
  s.polls += 1;
  // First look: received. Then accepted, or returned when the overall assessment (A05) is missing.
  if (s.polls === 1) return replyJson(res, 200, { receiptId: s.receiptId, status: 'received' });
  const a05 = s.values.find((v) => v.indicatorCode === 'A05')?.value;
  if (typeof a05 !== 'string' || a05.trim() === '') return replyJson(res, 200, { receiptId: s.receiptId, status: 'returned', comments: [{ indicatorCode: 'A05', comment: 'Đề nghị bổ sung đánh giá chung' }] });
  replyJson(res, 200, { receiptId: s.receiptId, status: 'accepted' });
}

const listRegimes = (req: IncomingMessage, _b: string, res: ServerResponse) => (authed(req) ? replyJson(res, 200, { items: regimes }) : fail(res, 401, 'UNAUTHORIZED', 'Khóa API không hợp lệ'));
function getTemplate(req: IncomingMessage, _b: string, res: ServerResponse): void {
  if (!authed(req)) return fail(res, 401, 'UNAUTHORIZED', 'Khóa API không hợp lệ');
  const code = decodeURIComponent(new URL(req.url ?? '/', 'http://sim').pathname.split('/').pop() ?? '');
  const t = templates.find((x) => x.code === code);
  return t ? replyJson(res, 200, t) : fail(res, 404, 'TEMPLATE_NOT_FOUND', `Không có biểu mẫu ${code}`);
}
function listPeriods(req: IncomingMessage, _b: string, res: ServerResponse): void {
  if (!authed(req)) return fail(res, 401, 'UNAUTHORIZED', 'Khóa API không hợp lệ');
  const code = queryOf(req).get('regimeCode');
  replyJson(res, 200, { items: periods.filter((p) => !code || p.regimeCode === code) });
}

export const reportingRoutes: SimRoute[] = [
  { method: 'GET', path: `${REPORTING_PATH}/regimes`, operation: 'reporting.listRegimes', handler: listRegimes },
  { method: 'GET', path: `${REPORTING_PATH}/templates/*`, operation: 'reporting.getTemplate', handler: getTemplate },
  { method: 'GET', path: `${REPORTING_PATH}/periods`, operation: 'reporting.listPeriods', handler: listPeriods },
  { method: 'POST', path: `${REPORTING_PATH}/submissions`, operation: 'reporting.submitAggregate', handler: submit },
  { method: 'GET', path: `${REPORTING_PATH}/submissions/*`, operation: 'reporting.getSubmissionStatus', handler: status },
];
