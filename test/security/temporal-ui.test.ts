import { readFileSync, mkdtempSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { freePort, startDevServer, type DevServer } from '@lienthong/temporal';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.js';
import { sessionOfNewUser } from '../helpers/users.js';

const listening = (port: number) => new Promise<boolean>((resolve) => {
  const s = createConnection({ host: '127.0.0.1', port });
  s.once('connect', () => { s.destroy(); resolve(true); });
  s.once('error', () => resolve(false));
});

describe('the Temporal UI answers only to a signed-in admin or auditor, through the API', () => {
  let dev: DevServer;
  let p: TestPlatform;
  const sessions: Record<string, string> = {};
  /** A browser's request: the session as the HttpOnly cookie the login sets, or none. */
  const get = (path: string, session?: string, method = 'GET') => fetch(`${p.apiUrl}${path}`, { method, redirect: 'manual', headers: session ? { cookie: `lt_session=${session}` } : {} });

  beforeAll(async () => {
    // The dev server as `lienthong start` runs it: the UI on a loopback port nobody is told, under /temporal.
    dev = await startDevServer({ cli: inject('temporalCli'), dbFile: join(mkdtempSync(join(tmpdir(), 'lt-ui-')), 'temporal.db'), port: await freePort(),
      uiPort: await freePort(), uiPublicPath: '/temporal' });
    p = await startTestPlatform({ simulators: false, temporalUi: dev.uiUrl });
    for (const [name, roles] of Object.entries({ auditor: [{ role: 'auditor' }], operator: [{ role: 'operator' }], designer: [{ role: 'designer' }],
      agencyAuditor: [{ role: 'auditor', agency: '000.00.91.H48' }], viewer: [{ role: 'agency-viewer', agency: '000.00.91.H48' }] })) {
      sessions[name] = await sessionOfNewUser(p, `ui-${name.toLowerCase()}`, roles);
    }
    sessions.admin = p.adminToken;
  }, 120_000);
  afterAll(async () => { await p?.stop(); await dev?.stop(); });

  it('refuses anonymous requests with our coded 401, and every other role with a coded 403', async () => {
    const anonymous = await get('/temporal/');
    expect(anonymous.status).toBe(401);
    expect((await anonymous.json()).error).toMatchObject({ code: 'AUTH_REQUIRED', message: { vi: expect.any(String), en: expect.any(String) } });
    // Not the UI's own data API either.
    expect((await get('/temporal/api/v1/namespaces/default/workflows')).status).toBe(401);
    for (const who of ['operator', 'designer', 'agencyAuditor', 'viewer']) {
      const r = await get('/temporal/', sessions[who]);
      expect(r.status, who).toBe(403);
      expect((await r.json()).error.code, who).toBe('ACCESS_FORBIDDEN');
    }
  });

  it('gives the admin and the auditor the UI itself', async () => {
    for (const who of ['admin', 'auditor']) {
      const r = await get('/temporal/', sessions[who]);
      expect(r.status, who).toBe(200);
      expect(r.headers.get('content-type')).toMatch(/text\/html/);
      const html = await r.text();
      expect(html).toContain('/temporal/_app/');
      // Its bootstrap script may run (allowed by its hash), nothing else inline.
      expect(r.headers.get('content-security-policy')).toMatch(/script-src 'self' 'sha256-/);
      expect(r.headers.get('x-frame-options')).toBe('DENY');
      const asset = /href="(\/temporal\/_app\/[^"]+\.js)"/.exec(html)?.[1];
      expect(asset).toBeDefined();
      expect((await get(asset as string, sessions[who])).status).toBe(200);
    }
    // Our session cookie is ours: a bearer token works the same way, for tools.
    const bearer = await fetch(`${p.apiUrl}/temporal/`, { headers: { authorization: `Bearer ${sessions.auditor}` } });
    expect(bearer.status).toBe(200);
  });

  it('is read-only: the UI is told so, and a write through it is refused', async () => {
    const settings = await (await get('/temporal/api/v1/settings', sessions.admin)).json();
    expect(settings).toMatchObject({ DisableWriteActions: true, StartWorkflowDisabled: true, Codec: { Endpoint: `${p.apiUrl}/api/v1/codec`, IncludeCredentials: true } });
    const write = await get('/temporal/api/v1/namespaces/default/workflows/x/terminate', sessions.admin, 'POST');
    expect(write.status).toBe(403);
    expect((await write.json()).error.code).toBe('ACCESS_FORBIDDEN');
  });

  it('answers a coded 503 while the UI server is down, without hanging', async () => {
    await dev.stop();
    const r = await get('/temporal/', sessions.auditor);
    expect(r.status).toBe(503);
    expect((await r.json()).error.code).toBe('TEMPORAL_UNAVAILABLE');
  });

  it('is not open on a port of its own by default: the dev server starts headless', async () => {
    const port = await freePort();
    const headless = await startDevServer({ cli: inject('temporalCli'), dbFile: join(mkdtempSync(join(tmpdir(), 'lt-ui-')), 'temporal.db'), port });
    try {
      expect(headless.uiUrl).toBe('');
      expect(readFileSync(`/proc/${String(headless.process.pid)}/cmdline`, 'utf8').split('\0')).toContain('--headless');
      // The CLI's own default UI port (gRPC port + 1000) stays closed.
      expect(await listening(port + 1000)).toBe(false);
    } finally {
      await headless.stop();
    }
  });
});
