import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { simAccounts } from '../accounts.js';
import { header, parseJsonBody, replyJson } from '../respond.js';
import type { SimContext, SimRoute } from '../server.js';
import records from './national-data.json' with { type: 'json' };

/** The fictional records ([FICT], DOMAIN §8) are data: national-data.json. */
const { births, deaths, enterprises, insurance, marriages } = records;

/**
 * Other national databases behind NGSP (DOMAIN §6.4, simulator shapes [ASM]): civil status,
 * business registry, social insurance. Common envelope:
 *   request  {requestId, purpose:{procedureCode, dossierNo}, officerId, query}
 *   reply    {requestId, status: OK|NOT_FOUND|MISMATCH|ERROR, errorCode, data, asOf}
 * Authentication is the scheme observed on one national service (DOMAIN §4.2): headers Timestamp
 * (epoch ms), ApiKey, X-Road-Client and Authorization: Basic base64(user:sha256hex(url+user+timestamp+secret)).
 */
export const NATIONAL_PATH = '/ngsp/csdl';
const MAX_SKEW_MS = 5 * 60_000;

type Query = Record<string, unknown>;
type Lookup = (q: Query) => { status: 'OK' | 'NOT_FOUND' | 'MISMATCH'; data: unknown } | { invalid: string };

const norm = (s: unknown) => (typeof s === 'string' ? s.normalize('NFC').trim().toLocaleUpperCase('vi') : '');
const isId = (v: unknown): v is string => typeof v === 'string' && /^\d{12}$/.test(v);

/** The signature check; returns a refusal code or null. */
export function checkSignedBasic(req: IncomingMessage, now: number): string | null {
  const acc = simAccounts.ngspNational;
  const ts = header(req, 'timestamp');
  const auth = header(req, 'authorization');
  if (header(req, 'apikey') !== acc.apiKey || header(req, 'x-road-client') !== acc.xRoadClient) return 'AUTH_FAILED';
  if (!ts || !auth?.startsWith('Basic ')) return 'AUTH_FAILED';
  if (Math.abs(now - Number(ts)) > MAX_SKEW_MS) return 'CLOCK_SKEW';
  const url = `http://${header(req, 'host') ?? ''}${req.url ?? ''}`;
  const expected = `${acc.username}:${createHash('sha256').update(url + acc.username + ts + acc.secret).digest('hex')}`;
  return Buffer.from(auth.slice(6), 'base64').toString('utf8') === expected ? null : 'AUTH_FAILED';
}

const lookups: Record<string, Lookup> = {
  'hotich/getBirth': (q) => {
    if (!isId(q.soDinhDanh)) return { invalid: 'soDinhDanh' };
    const b = births.find((x) => x.treEm.soDinhDanh === q.soDinhDanh);
    if (!b) return { status: 'NOT_FOUND', data: null };
    if (q.hoVaTen !== undefined && norm(q.hoVaTen) !== norm(b.treEm.hoVaTen)) return { status: 'MISMATCH', data: null };
    return { status: 'OK', data: b };
  },
  'hotich/getMarriage': (q) => {
    if (!isId(q.soDinhDanh)) return { invalid: 'soDinhDanh' };
    const m = marriages.find((x) => x.chong.soDinhDanh === q.soDinhDanh || x.vo.soDinhDanh === q.soDinhDanh);
    return m ? { status: 'OK', data: m } : { status: 'NOT_FOUND', data: null };
  },
  'hotich/getDeath': (q) => {
    if (!isId(q.soDinhDanh)) return { invalid: 'soDinhDanh' };
    const d = deaths.find((x) => x.nguoiChet.soDinhDanh === q.soDinhDanh);
    return d ? { status: 'OK', data: d } : { status: 'NOT_FOUND', data: null };
  },
  'dkdn/getEnterprise': (q) => {
    const code = q.maSoDoanhNghiep;
    if (typeof code !== 'string' || !/^\d{10}(-\d{3})?$/.test(code)) return { invalid: 'maSoDoanhNghiep' };
    const e = enterprises.find((x) => x.maSoDoanhNghiep === code);
    return e ? { status: 'OK', data: e } : { status: 'NOT_FOUND', data: null };
  },
  'bhxh/getParticipation': (q) => {
    if (!isId(q.soDinhDanh) && !(typeof q.maSoBhxh === 'string' && /^\d{10}$/.test(q.maSoBhxh))) return { invalid: 'soDinhDanh|maSoBhxh' };
    const p = insurance.find((x) => x.soDinhDanh === q.soDinhDanh || x.maSoBhxh === q.maSoBhxh);
    return p ? { status: 'OK', data: p } : { status: 'NOT_FOUND', data: null };
  },
};

const operationNames: Record<string, string> = {
  'hotich/getBirth': 'civil.getBirth', 'hotich/getMarriage': 'civil.getMarriage', 'hotich/getDeath': 'civil.getDeath',
  'dkdn/getEnterprise': 'business.getEnterprise', 'bhxh/getParticipation': 'insurance.getParticipation',
};

function handler(name: string) {
  return (req: IncomingMessage, body: string, res: ServerResponse, ctx: SimContext): void => {
    const now = Date.now();
    const refusal = checkSignedBasic(req, now);
    if (refusal) return replyJson(res, 401, { requestId: null, status: 'ERROR', errorCode: refusal, data: null, asOf: new Date(now).toISOString() });
    const msg = parseJsonBody(body);
    const requestId = msg?.requestId;
    const purpose = msg?.purpose as { procedureCode?: unknown } | undefined;
    if (!msg || typeof requestId !== 'string' || !purpose || typeof purpose.procedureCode !== 'string' || typeof msg.officerId !== 'string' || !msg.query || typeof msg.query !== 'object') {
      return replyJson(res, 400, { requestId: requestId ?? null, status: 'ERROR', errorCode: 'INVALID_INPUT', data: null, asOf: new Date(now).toISOString() });
    }
    // A lookup has no side effect, but each request id is counted so duplicates are visible.
    ctx.counters.apply(operationNames[name] ?? name, requestId);
    const r = (lookups[name] as Lookup)(msg.query as Query);
    if ('invalid' in r) return replyJson(res, 400, { requestId, status: 'ERROR', errorCode: 'INVALID_INPUT', message: `Trường không hợp lệ: ${r.invalid}`, data: null, asOf: new Date(now).toISOString() });
    replyJson(res, 200, { requestId, status: r.status, errorCode: r.status === 'OK' ? null : r.status, data: r.data, asOf: new Date(now).toISOString() });
  };
}

export const nationalRoutes: SimRoute[] = Object.keys(lookups).map((name) => ({
  method: 'POST' as const, path: `${NATIONAL_PATH}/${name}`, operation: operationNames[name] ?? name, handler: handler(name),
}));
