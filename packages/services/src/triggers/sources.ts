import { LtError } from '@lienthong/errors';
import { createHttpClient, transportOf, type HttpRequest } from '@lienthong/connectors/activities';

/** What a poll source yields: items with the key that makes their run unique (an item, or an item's version). */
export interface SourcePage {
  items: { key: string; item: Record<string, unknown> }[];
  cursor: string;
  more: boolean;
}

export interface PollSource {
  /** Where a new reader starts (the source's current position): a trigger starts with what happens after it is published. */
  head(credential: Record<string, unknown>): Promise<string>;
  /** The page after `cursor`. */
  changes(credential: Record<string, unknown>, cursor: string): Promise<SourcePage>;
}

/** DVCQG's provider code on NGSP (DOMAIN §6.6). */
const DVCQG_DSTCODE = 'VN:GOV:000.00.00.G22:vpcpdvcprovider';
const TIMEOUT_MS = 20_000;
const PAGE = 50;

const field = (c: Record<string, unknown>, name: string): string => {
  const v = c[name];
  if (typeof v !== 'string' || v === '') throw new LtError('TRIGGER_POLL_SOURCE_FAILED', { source: 'credential', detail: `the connection has no ${name}` });
  return v;
};

// One client for every poll: its dispatchers (one per connection transport) keep their TLS sessions between polls.
const http = createHttpClient('poll');

/**
 * A JSON answer, or a retryable coded failure that names the source and the status, never the credential. The request
 * takes the connection's network path (proxy, CA bundle, client certificate), as connector steps over it do.
 */
async function askJson(source: string, c: Record<string, unknown>, req: Omit<HttpRequest, 'timeoutMs' | 'transport'>): Promise<Record<string, unknown>> {
  const transport = transportOf({ type: 'poll', ...c });
  let res: Awaited<ReturnType<typeof http.request>>;
  try {
    res = await http.request({ ...req, timeoutMs: TIMEOUT_MS, ...(transport ? { transport } : {}) });
  } catch (err) {
    const e = err instanceof LtError ? err : undefined;
    const detail = e?.code === 'CONNECTOR_TIMEOUT' ? `no answer within ${transport?.timeoutMs ?? TIMEOUT_MS} ms`
      : e?.code === 'CONNECTOR_TLS_FAILED' ? 'TLS failed' : e?.code === 'CONNECTOR_PROXY_REFUSED' ? 'the proxy refused the tunnel' : 'unreachable';
    throw new LtError('TRIGGER_POLL_SOURCE_FAILED', { source, detail });
  }
  let body: unknown = null;
  try { body = JSON.parse(res.body); } catch { /* not JSON: reported by status below */ }
  if (res.status < 200 || res.status >= 300 || !body || typeof body !== 'object') throw new LtError('TRIGGER_POLL_SOURCE_FAILED', { source, detail: `HTTP ${res.status}` });
  return body as Record<string, unknown>;
}

/**
 * New and updated dossiers on the national portal, read through the province's NGSP adapter (credential type
 * ngsp-adapter: baseUrl, username, password, agencyCode) with DVCQG's LayDanhSachHoSoMC. A dossier's run is keyed by
 * its number and version (PhienBan): each update starts the flow once more, a repeated page starts nothing new.
 */
export const dvcqgDossiers: PollSource = {
  async head(c) {
    return String((await dvcqgCall(c, {})).ViTri ?? '0');
  },
  async changes(c, cursor) {
    const r = await dvcqgCall(c, { sau: cursor, soLuong: PAGE });
    const data = Array.isArray(r.data) ? (r.data as Record<string, unknown>[]) : [];
    return {
      items: data.filter((d) => typeof d.MaHoSo === 'string').map((d) => ({ key: `${String(d.MaHoSo)}@${String(d.PhienBan ?? 1)}`, item: d })),
      cursor: typeof r.ViTri === 'string' ? r.ViTri : cursor, more: r.ConNua === true,
    };
  },
};

async function dvcqgCall(c: Record<string, unknown>, args: Record<string, unknown>): Promise<Record<string, unknown>> {
  const base = field(c, 'baseUrl');
  const headers = { 'content-type': 'application/json; charset=utf-8', accept: 'application/json' };
  const login = await askJson('NGSP', c, { method: 'POST', url: `${base}/login`, headers, body: JSON.stringify({ username: field(c, 'username'), password: field(c, 'password') }) });
  if (login.error_code !== '00' || typeof login.session !== 'string') throw new LtError('TRIGGER_POLL_SOURCE_FAILED', { source: 'NGSP', detail: `login refused (${String(login.error_code)})` });
  const url = `${base}/XrdAdapter/RestService/forward/LayDanhSachHoSoMC?${new URLSearchParams({ dstcode: DVCQG_DSTCODE }).toString()}`;
  const r = await askJson('DVCQG', c, { method: 'POST', url, headers, body: JSON.stringify({ session: login.session, madonvi: field(c, 'agencyCode'), service: 'LayDanhSachHoSoMC', ...args }) });
  if (r.error_code !== '00') throw new LtError('TRIGGER_POLL_SOURCE_FAILED', { source: 'DVCQG', detail: `error_code ${String(r.error_code)}: ${String(r.message ?? '')}` });
  return r;
}

/** New citizen-feedback items in the provincial IOC (credential type ioc: baseUrl, apiKey); one run per item. */
export const iocFeedback: PollSource = {
  async head(c) {
    return String((await iocCall(c, '')).cursor ?? '0');
  },
  async changes(c, cursor) {
    const r = await iocCall(c, `?${new URLSearchParams({ after: cursor, limit: String(PAGE) }).toString()}`);
    const items = Array.isArray(r.items) ? (r.items as Record<string, unknown>[]) : [];
    return { items: items.filter((f) => typeof f.id === 'string').map((f) => ({ key: String(f.id), item: f })),
      cursor: typeof r.cursor === 'string' ? r.cursor : cursor, more: r.more === true };
  },
};

const iocCall = (c: Record<string, unknown>, query: string) =>
  askJson('IOC', c, { method: 'GET', url: `${field(c, 'baseUrl')}/api/v1/feedback${query}`, headers: { accept: 'application/json', 'x-api-key': field(c, 'apiKey') } });

export const pollSources: Record<'dvcqg.dossiers' | 'ioc.feedback', PollSource> = { 'dvcqg.dossiers': dvcqgDossiers, 'ioc.feedback': iocFeedback };
