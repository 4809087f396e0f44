import { createHash, createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { XMLParser } from 'fast-xml-parser';
import { simAccounts } from '../accounts.js';
import { header, queryOf, reply, Replay, replyJson } from '../respond.js';
import type { SimContext, SimRoute } from '../server.js';

/**
 * A generic HTTP service for the generic connectors [ASM]:
 *   POST /generic/oauth/token                 OAuth2 client credentials (form or Basic client auth)
 *   ANY  /generic/echo/{auth}/…               echoes method, path, query and the parsed body (JSON, form or XML);
 *        {auth} = open | apikey | basic | bearer | oauth | hmac (our own request signing)
 *   ANY  /generic/echo/open/reject            a business rejection: 422 {code: "INVALID_REQUEST"}
 *   ANY  /generic/echo/open/leaky             a careless service that echoes the request headers
 * Replies in XML when the caller asks for it (Accept: application/xml). Writes (POST/PUT/PATCH/DELETE)
 * count per Idempotency-Key and replay the first answer.
 */
export const GENERIC_PATH = '/generic';
const TOKEN_SECONDS = 300;
const HMAC_SKEW_MS = 5 * 60_000;

interface State { tokens: Map<string, number>; replay: Replay<{ status: number; body: unknown }> }
const stateOf = (ctx: SimContext) => ctx.state<State>('generic', () => ({ tokens: new Map(), replay: new Replay() }));
const xmlParser = new XMLParser({ ignoreAttributes: true, parseTagValue: false, trimValues: true, removeNSPrefix: true });

const same = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

function token(req: IncomingMessage, body: string, res: ServerResponse, ctx: SimContext): void {
  const form = new URLSearchParams(body);
  let id = form.get('client_id') ?? '';
  let secret = form.get('client_secret') ?? '';
  const auth = header(req, 'authorization');
  if (auth?.startsWith('Basic ')) [id = '', secret = ''] = Buffer.from(auth.slice(6), 'base64').toString('utf8').split(':');
  const acc = simAccounts.generic.oauth;
  if (form.get('grant_type') !== 'client_credentials') return replyJson(res, 400, { error: 'unsupported_grant_type' });
  if (id !== acc.clientId || !same(secret, acc.clientSecret)) return replyJson(res, 401, { error: 'invalid_client' });
  const access = randomUUID();
  stateOf(ctx).tokens.set(access, Date.now() + TOKEN_SECONDS * 1000);
  replyJson(res, 200, { access_token: access, token_type: 'Bearer', expires_in: TOKEN_SECONDS });
}

/** Null when the request carries the credential its {auth} segment asks for; else the refusal. */
function refusal(kind: string, req: IncomingMessage, body: string, ctx: SimContext): string | null {
  const g = simAccounts.generic;
  const auth = header(req, 'authorization') ?? '';
  switch (kind) {
    case 'open': return null;
    case 'apikey': return (header(req, 'x-api-key') ?? queryOf(req).get('api_key') ?? '') === g.apiKey ? null : 'INVALID_API_KEY';
    case 'basic': return auth === `Basic ${Buffer.from(`${g.basic.username}:${g.basic.password}`).toString('base64')}` ? null : 'INVALID_CREDENTIALS';
    case 'bearer': return auth === `Bearer ${g.bearer}` ? null : 'INVALID_TOKEN';
    case 'oauth': {
      const exp = stateOf(ctx).tokens.get(auth.replace(/^Bearer /, ''));
      return exp && exp > Date.now() ? null : 'INVALID_TOKEN';
    }
    case 'hmac': {
      // Our own signing: X-LT-Date (ISO) and X-LT-Signature = hex HMAC-SHA256(secret, METHOD\nPATH?QUERY\nDATE\nsha256hex(body)).
      const date = header(req, 'x-lt-date') ?? '';
      if (Math.abs(Date.now() - Date.parse(date)) > HMAC_SKEW_MS || Number.isNaN(Date.parse(date))) return 'CLOCK_SKEW';
      const canonical = `${req.method ?? ''}\n${req.url ?? ''}\n${date}\n${createHash('sha256').update(body).digest('hex')}`;
      const expected = createHmac('sha256', g.apiKey).update(canonical).digest('hex');
      return same(header(req, 'x-lt-signature') ?? '', expected) ? null : 'INVALID_SIGNATURE';
    }
    default: return 'UNKNOWN_AUTH';
  }
}

function parseBody(contentType: string, body: string): unknown {
  if (body === '') return null;
  if (contentType.includes('json')) return JSON.parse(body) as unknown;
  if (contentType.includes('x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(body));
  if (contentType.includes('xml')) return xmlParser.parse(body) as unknown;
  return body;
}

const toXml = (v: unknown, tag: string): string => {
  if (v === null || v === undefined) return `<${tag}/>`;
  if (Array.isArray(v)) return v.map((x) => toXml(x, tag)).join('');
  if (typeof v === 'object') return `<${tag}>${Object.entries(v).map(([k, x]) => toXml(x, k.replace(/[^A-Za-z0-9_.-]/g, '_'))).join('')}</${tag}>`;
  return `<${tag}>${String(v).replace(/&/g, '&amp;').replace(/</g, '&lt;')}</${tag}>`;
};

function send(req: IncomingMessage, res: ServerResponse, status: number, body: unknown): void {
  const accept = header(req, 'accept') ?? '';
  if (accept.includes('xml') && !accept.includes('json')) return reply(res, status, `<?xml version="1.0" encoding="UTF-8"?>${toXml(body, 'EchoResponse')}`, 'application/xml; charset=utf-8');
  replyJson(res, status, body);
}

function echo(req: IncomingMessage, body: string, res: ServerResponse, ctx: SimContext): void {
  const url = new URL(req.url ?? '/', 'http://sim');
  const [kind = '', ...rest] = url.pathname.slice(`${GENERIC_PATH}/echo/`.length).split('/');
  const why = refusal(kind, req, body, ctx);
  if (why) return replyJson(res, 401, { code: why, message: 'Xác thực thất bại / authentication failed' });
  const method = req.method ?? 'GET';
  const key = header(req, 'idempotency-key');
  const st = stateOf(ctx);
  if (method !== 'GET' && key) {
    ctx.counters.apply('generic.echo', key);
    const prior = st.replay.get(key);
    if (prior) return send(req, res, prior.status, prior.body);
  }
  if (rest[0] === 'reject') return send(req, res, 422, { code: 'INVALID_REQUEST', message: 'Dữ liệu không hợp lệ' });
  const contentType = header(req, 'content-type') ?? '';
  let parsed: unknown;
  try {
    parsed = parseBody(contentType, body);
  } catch {
    return send(req, res, 400, { code: 'BAD_BODY', message: 'Không đọc được nội dung' });
  }
  const answer = {
    method, path: url.pathname, query: Object.fromEntries(url.searchParams), contentType: contentType.split(';')[0] ?? '', body: parsed,
    ...(rest[0] === 'leaky' ? { headers: req.headers } : {}),
  };
  if (method !== 'GET' && key) st.replay.set(key, { status: 200, body: answer });
  send(req, res, 200, answer);
}

export const genericRoutes: SimRoute[] = [
  { method: 'POST', path: `${GENERIC_PATH}/oauth/token`, operation: 'generic.token', handler: token },
  ...(['GET', 'POST', 'PUT', 'DELETE'] as const).map((method) => ({ method, path: `${GENERIC_PATH}/echo/*`, operation: 'generic.echo', handler: echo })),
];
