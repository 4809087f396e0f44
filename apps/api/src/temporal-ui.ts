import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createProxyServer } from 'http-proxy-3';
import { LtError } from '@lienthong/errors';
import { isPrincipal, type Caller } from '@lienthong/services';
import { sendErrors } from './rest/index.js';

/** Where the API serves the Temporal Web UI (the dev server runs with `--ui-public-path` set to this). */
export const TEMPORAL_UI_PREFIX = '/temporal';

/** The UI lists every run of every agency: only platform-wide admins and auditors (no agency-limited grant). */
const MAY_SEE = new Set(['admin', 'auditor']);
export function maySeeTemporalUi(caller: Caller | null): boolean {
  return isPrincipal(caller) && caller.kind === 'user' && caller.roles.some((g) => MAY_SEE.has(g.role) && !g.agency);
}

export const isTemporalUiPath = (path: string): boolean => path === TEMPORAL_UI_PREFIX || path.startsWith(`${TEMPORAL_UI_PREFIX}/`);

/** Read-only: changes to runs go through our API, where they are checked per agency and audited. */
const READ_METHODS = new Set(['GET', 'HEAD']);
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'proxy-authenticate', 'proxy-authorization', 'te', 'trailer']);
/** Ours win (hardening.ts sets them on every answer): the UI server's laxer framing and XSS headers are dropped. */
const OURS = new Set(['x-frame-options', 'x-xss-protection', 'x-content-type-options', 'referrer-policy', 'strict-transport-security', 'content-security-policy']);
const SESSION_COOKIE = /^\s*lt_session=/;

/** CSP of a UI page: its inline bootstrap scripts by their hashes, everything else from our origin. */
function uiPageCsp(html: string): string {
  const hashes = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => `'sha256-${createHash('sha256').update(m[1] ?? '').digest('base64')}'`);
  return `default-src 'self'; script-src 'self' ${hashes.join(' ')}; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; `
    + "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
}

/**
 * The UI's settings, made read-only (no Start Workflow, cancel, terminate, signal, reset buttons) and decoding payloads
 * through our codec endpoint on this same origin, with the session cookie.
 */
function readOnlySettings(body: string, origin: string): string {
  const s = JSON.parse(body) as Record<string, unknown>;
  for (const k of ['DisableWriteActions', 'WorkflowTerminateDisabled', 'WorkflowCancelDisabled', 'WorkflowSignalDisabled', 'WorkflowUpdateDisabled',
    'WorkflowResetDisabled', 'BatchActionsDisabled', 'StartWorkflowDisabled', 'ActivityCommandsDisabled']) s[k] = true;
  s.Codec = { ...(s.Codec as object | undefined), Endpoint: `${origin}/api/v1/codec`, IncludeCredentials: true, PassAccessToken: false };
  return JSON.stringify(s);
}

export interface TemporalUiProxy {
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
  close(): void;
}

/**
 * Serves the Temporal Web UI (the dev server's, bound to loopback on a port nobody is told) under /temporal/ to a
 * signed-in platform-wide admin or auditor; anyone else gets our coded 401/403. Our session cookie and bearer token
 * are not passed on to the UI server.
 */
export function createTemporalUiProxy(upstream: string, authenticate: (req: IncomingMessage, body: Buffer) => Promise<Caller | null>, o: { tls: (req: IncomingMessage) => boolean }): TemporalUiProxy {
  const target = new URL(upstream);
  const proxy = createProxyServer({ target: target.origin, selfHandleResponse: true, proxyTimeout: 30_000 });
  proxy.on('proxyReq', (proxyReq, req) => {
    proxyReq.removeHeader('authorization');
    const cookies = (req.headers.cookie ?? '').split(';').filter((c) => c.trim() && !SESSION_COOKIE.test(c));
    if (cookies.length) proxyReq.setHeader('cookie', cookies.join(';'));
    else proxyReq.removeHeader('cookie');
    proxyReq.setHeader('accept-encoding', 'identity'); // pages and settings are rewritten here: plain bodies
  });
  proxy.on('proxyRes', (proxyRes, req, res) => {
    const headers: Record<string, string | string[]> = {};
    for (const [k, v] of Object.entries(proxyRes.headers)) if (v !== undefined && !HOP_BY_HOP.has(k) && !OURS.has(k)) headers[k] = v;
    // A redirect to the UI's own address is a redirect within /temporal here.
    if (typeof headers.location === 'string' && headers.location.startsWith(target.origin)) headers.location = headers.location.slice(target.origin.length) || '/';
    const path = (req.url ?? '').split('?')[0] ?? '';
    const type = String(proxyRes.headers['content-type'] ?? '');
    const rewrite = path === `${TEMPORAL_UI_PREFIX}/api/v1/settings` ? 'settings' : type.startsWith('text/html') ? 'html' : null;
    if (!rewrite) {
      res.writeHead(proxyRes.statusCode ?? 502, headers);
      proxyRes.pipe(res);
      return;
    }
    const chunks: Buffer[] = [];
    proxyRes.on('data', (c: Buffer) => chunks.push(c));
    proxyRes.on('end', () => {
      let body = Buffer.concat(chunks).toString('utf8');
      delete headers['content-length'];
      try {
        if (rewrite === 'settings') body = readOnlySettings(body, `${o.tls(req) ? 'https' : 'http'}://${req.headers.host ?? '127.0.0.1'}`);
        else headers['content-security-policy'] = uiPageCsp(body);
      } catch {
        return sendErrors(res, 503, [new LtError('TEMPORAL_UNAVAILABLE', {}).toJSON()]);
      }
      res.writeHead(proxyRes.statusCode ?? 502, headers);
      res.end(body);
    });
  });
  proxy.on('error', (_err, _req, res) => {
    if (!('writeHead' in res) || res.headersSent) { res.destroy(); return; }
    sendErrors(res, 503, [new LtError('TEMPORAL_UNAVAILABLE', {}).toJSON()]);
  });
  return {
    async handle(req, res) {
      let caller: Caller | null;
      try {
        caller = await authenticate(req, Buffer.alloc(0));
      } catch (err) {
        if (err instanceof LtError) return sendErrors(res, err.status, [err.toJSON()]);
        throw err;
      }
      if (!caller) return sendErrors(res, 401, [new LtError('AUTH_REQUIRED').toJSON()], { 'www-authenticate': 'Bearer' });
      if (!maySeeTemporalUi(caller)) return sendErrors(res, 403, [new LtError('ACCESS_FORBIDDEN', { action: 'temporal-ui.read' }).toJSON()]);
      if (!READ_METHODS.has(req.method ?? 'GET')) return sendErrors(res, 403, [new LtError('ACCESS_FORBIDDEN', { action: `temporal-ui ${req.method ?? ''} (read-only; use the API)` }).toJSON()]);
      // The CSP of our API answers would block the UI's scripts; pages get their own (uiPageCsp), assets none needed.
      res.removeHeader('content-security-policy');
      await proxy.web(req, res);
    },
    close: () => proxy.close(),
  };
}
