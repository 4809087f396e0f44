import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.js';

/** Issue 14: /metrics needed no login. Now a bearer token (LT_METRICS_TOKEN) or a separate loopback listener (LT_METRICS_PORT). */

const freePort = () => new Promise<number>((resolve, reject) => {
  const s = createServer();
  s.once('error', reject);
  s.listen(0, '127.0.0.1', () => { const { port } = s.address() as { port: number }; s.close(() => resolve(port)); });
});

describe('/metrics access', () => {
  let plain: TestPlatform;
  let configured: TestPlatform;
  let metricsPort: number;
  const metricsToken = 'scraper-token-7f3a';
  beforeAll(async () => {
    metricsPort = await freePort();
    plain = await startTestPlatform();
    configured = await startTestPlatform({ http: { metricsToken, metricsPort } });
  });
  afterAll(async () => { await plain?.stop(); await configured?.stop(); });

  it('without a token or listener configured, nobody reads /metrics: 401 anonymous, 403 with any token or a login session', async () => {
    const anon = await fetch(`${plain.apiUrl}/metrics`);
    expect(anon.status).toBe(401);
    expect(anon.headers.get('www-authenticate')).toBe('Bearer');
    expect((await anon.json()).error).toMatchObject({ code: 'METRICS_TOKEN_REQUIRED', message: { vi: expect.stringContaining('/metrics'), en: expect.stringContaining('/metrics') } });
    const guessed = await fetch(`${plain.apiUrl}/metrics`, { headers: { authorization: 'Bearer anything' } });
    expect(guessed.status).toBe(403);
    expect((await guessed.json()).error.code).toBe('METRICS_FORBIDDEN');
    const admin = await fetch(`${plain.apiUrl}/metrics`, { headers: { authorization: `Bearer ${plain.adminToken}` } });
    expect(admin.status).toBe(403);
  });

  it('with LT_METRICS_TOKEN: the right bearer token reads it, a wrong one is refused', async () => {
    expect((await fetch(`${configured.apiUrl}/metrics`)).status).toBe(401);
    expect((await fetch(`${configured.apiUrl}/metrics`, { headers: { authorization: `Bearer ${metricsToken}x` } })).status).toBe(403);
    const ok = await fetch(`${configured.apiUrl}/metrics`, { headers: { authorization: `Bearer ${metricsToken}` } });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toContain('text/plain');
    expect(await ok.text()).toContain('lt_api_requests_total');
  });

  it('with LT_METRICS_PORT: a loopback listener serves /metrics alone, without a token', async () => {
    const ok = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('# TYPE');
    expect((await fetch(`http://127.0.0.1:${metricsPort}/api/v1/flows`)).status).toBe(404);
    expect((await fetch(`http://127.0.0.1:${metricsPort}/%`)).status).toBe(404);
  });
});
