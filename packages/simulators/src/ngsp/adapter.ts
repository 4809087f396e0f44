import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { simAccounts } from '../accounts.js';
import { dvcqgOperation, dvcqgService } from '../dvcqg/portal.js';
import { parseJsonBody, queryOf, replyJson } from '../respond.js';
import type { SimContext, SimRoute } from '../server.js';

/**
 * The provincial NGSP adapter (XrdAdapter), DOMAIN §6.2 [PUB shape]:
 *   POST {adapter}/login {username, password} → {error_code:"00", session}
 *   POST {adapter}/XrdAdapter/RestService/forward/{path}?dstcode=VN:GOV:{member}:{subsystem}
 *        body {"session", "madonvi", "service", …} → the provider's JSON reply
 * An unknown or expired session is HTTP 401 (the caller logs in again once).
 */
export const ADAPTER_PATH = '/ngsp/adapter';
const FORWARD = `${ADAPTER_PATH}/XrdAdapter/RestService/forward/`;
const SESSION_MS = 30 * 60_000;

export type Provider = (msg: Record<string, unknown>, path: string, req: IncomingMessage, res: ServerResponse, ctx: SimContext) => void;

/** Services reachable through the adapter, by dstcode. */
const providers: Record<string, { operation: (msg: Record<string, unknown> | undefined) => string; handle: Provider }> = {
  'VN:GOV:000.00.00.G22:vpcpdvcprovider': { operation: dvcqgOperation, handle: dvcqgService },
  // Another province's LGSP: a dossier-status lookup used by cross-province procedures [FICT].
  'VN:GOV:000.00.00.H41:lgspnghean': {
    operation: () => 'ngsp.nghean.traCuu',
    handle: (msg, path, _req, res) => {
      if (path !== 'hoso/tracuu') return replyJson(res, 404, { error_code: '404', message: `Không có dịch vụ ${path}` });
      const ma = typeof msg.mahoso === 'string' ? msg.mahoso : '';
      if (!/^[0-9A-Z.]+-\d{6}-\d{4}$/.test(ma)) return replyJson(res, 200, { error_code: '01', message: 'mahoso không hợp lệ' });
      replyJson(res, 200, { error_code: '00', message: 'Thành công', data: { mahoso: ma, trangthai: '4', donvi: '000.00.00.H41' } });
    },
  },
};

interface Sessions { byToken: Map<string, number> }
const sessionsOf = (ctx: SimContext) => ctx.state<Sessions>('ngsp-adapter', () => ({ byToken: new Map() }));

function login(_req: IncomingMessage, body: string, res: ServerResponse, ctx: SimContext): void {
  const msg = parseJsonBody(body);
  const acc = simAccounts.ngspAdapter;
  if (msg?.username !== acc.username || msg.password !== acc.password) return replyJson(res, 401, { error_code: '401', message: 'Sai tên đăng nhập hoặc mật khẩu' });
  const session = randomUUID();
  sessionsOf(ctx).byToken.set(session, Date.now() + SESSION_MS);
  replyJson(res, 200, { error_code: '00', message: 'Thành công', session, expiresIn: SESSION_MS / 1000 });
}

function forward(req: IncomingMessage, body: string, res: ServerResponse, ctx: SimContext): void {
  const url = new URL(req.url ?? '/', 'http://sim');
  const path = url.pathname.slice(FORWARD.length);
  const dst = queryOf(req).get('dstcode') ?? '';
  const msg = parseJsonBody(body);
  if (!msg) return replyJson(res, 400, { error_code: '400', message: 'Nội dung không phải JSON' });
  const exp = typeof msg.session === 'string' ? sessionsOf(ctx).byToken.get(msg.session) : undefined;
  if (!exp || exp < Date.now()) return replyJson(res, 401, { error_code: '401', message: 'Phiên làm việc không hợp lệ hoặc đã hết hạn' });
  const provider = providers[dst];
  if (!provider) return replyJson(res, 404, { error_code: '404', message: `Không tìm thấy dịch vụ ${dst}` });
  provider.handle(msg, path, req, res, ctx);
}

function forwardOperation(req: IncomingMessage, body: string): string {
  const dst = queryOf(req).get('dstcode') ?? '';
  const p = providers[dst];
  return p ? p.operation(parseJsonBody(body)) : 'ngsp.forward.unknown';
}

/** Drops every session (a test's way to make tokens expire). */
export const expireSessions = (ctx: Pick<SimContext, 'state'>): void => sessionsOf(ctx as SimContext).byToken.clear();

export const adapterRoutes: SimRoute[] = [
  { method: 'POST', path: `${ADAPTER_PATH}/login`, operation: 'ngsp.login', handler: login },
  { method: 'POST', path: `${FORWARD}*`, operation: forwardOperation, handler: forward },
];
