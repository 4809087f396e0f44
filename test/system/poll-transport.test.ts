/**
 * Issue 17: a poll trigger reads its source over a configured connection the way connector steps do — the connection's
 * endpoint and credential, through the province's CONNECT proxy (a real one, the `proxy` package). A proxy that refuses
 * the platform's account fails the poll with a coded error that names neither the proxy's password nor the credential.
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createProxy } from 'proxy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DVCQG_PORTAL_PATH, simAccounts } from '@lienthong/simulators';
import { useTestPlatform } from '../helpers/suite.js';
import { waitFor } from '../helpers/wait.js';
import { connectAndPublish } from '../helpers/connections.js';

const PROXY_ACCOUNT = 'lienthong:SIMSECRET-poll-proxy-pw-77e1a2';
const THROUGH_PROXY = 'dieu-phoi-qua-proxy';
const REFUSED = 'dieu-phoi-proxy-tu-choi';

function routingFlow(key: string, credentialId: string): { key: string } & Record<string, unknown> {
  const doc = JSON.parse(readFileSync(new URL('../../examples/dieu-phoi-ho-so.json', import.meta.url), 'utf8')) as { key: string; nodes: Record<string, unknown> };
  doc.key = key;
  doc.nodes.start = { kind: 'trigger', trigger: { type: 'poll', source: 'dvcqg.dossiers', credentialId, every: '1h',
    input: "{ 'dossierNo': $input.MaHoSo, 'procedureCode': $input.MaTTHC, 'procedureName': $input.TenTTHC, 'applicantName': $input.ChuHoSo, 'receivedAt': $input.NgayTiepNhan, 'dueAt': $input.NgayHenTra, 'handlingAgencyCode': $input.DonViXuLy }" } };
  return doc;
}

const dossier = (no: string) => ({ MaHoSo: no, MaTTHC: '1.001193.000.00.00.H48', TenTTHC: 'Đăng ký khai sinh', ChuHoSo: 'TRẦN THỊ BÌNH', LoaiDoiTuong: '1',
  NgayTiepNhan: '20260115080000', NgayHenTra: '20260116170000', TrangThaiHoSo: '1', DonViXuLy: '000.25.94.H48' });

describe('poll triggers over a connection', () => {
  const p = useTestPlatform();
  const tunnels: string[] = [];
  let proxy: ReturnType<typeof createProxy>;
  let proxyPort = 0;

  const connection = (id: string, account: string) => ({ id, name: `Cổng NGSP qua proxy (${id})`, family: 'ngsp-adapter', environment: 'test',
    endpoint: `${p.simulators?.url ?? ''}/ngsp/adapter`, secrets: { credential: { ...simAccounts.ngspAdapter }, proxyUrl: `http://${account}@127.0.0.1:${proxyPort}` } });

  beforeAll(async () => {
    // The province's egress proxy: CONNECT only for the platform's account; it records every tunnel it opens.
    proxy = createProxy(createServer());
    // Records what it carried for the platform's account (a tunnel's host:port, or a plain-HTTP request's host);
    // undici keeps a tunnel open between polls, so the first poll's tunnel carries the later ones.
    proxy.authenticate = (req: IncomingMessage) => {
      const ok = req.headers['proxy-authorization'] === `Basic ${Buffer.from(PROXY_ACCOUNT).toString('base64')}`;
      if (ok) tunnels.push(req.method === 'CONNECT' ? String(req.url) : String(req.headers.host));
      return ok;
    };
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    proxyPort = (proxy.address() as AddressInfo).port;
    await connectAndPublish(p, connection('ngsp-adapter-proxy', PROXY_ACCOUNT), routingFlow(THROUGH_PROXY, 'ngsp-adapter-proxy'));
    await connectAndPublish(p, connection('ngsp-adapter-proxy-sai', 'lienthong:SIMSECRET-wrong-proxy-pw'), routingFlow(REFUSED, 'ngsp-adapter-proxy-sai'));
    // The first poll takes the portal's head: what arrives from now on starts runs.
    await waitFor('poller started', () => p.services.triggers.poll.state(THROUGH_PROXY), (s) => s?.cursor !== undefined);
  });
  afterAll(async () => {
    for (const key of [THROUGH_PROXY, REFUSED]) await p.services.triggers.poll.stop(key).catch(() => undefined);
    await new Promise<void>((r) => (proxy ? proxy.close(() => r()) : r()));
  });

  it('a dossier on the portal starts the flow once, read through the proxy with the connection\'s credential', async () => {
    const portal = new URL(p.simulators?.url ?? '');
    const submitted = await fetch(`${portal.origin}${DVCQG_PORTAL_PATH}/dossiers`, { method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify(dossier('000.25.94.H48-260115-0301')) });
    expect(submitted.status).toBe(201);
    const polls = (await p.services.triggers.poll.state(THROUGH_PROXY))?.polls ?? 0;
    await p.services.triggers.poll.pollNow(THROUGH_PROXY);
    await waitFor('polled', async () => (await p.services.triggers.poll.state(THROUGH_PROXY))?.polls ?? 0, (n) => n > polls);
    const rows = await waitFor('the run', async () => (await p.services.runs.list({ flowKey: THROUGH_PROXY })).filter((r) => r.trigger === 'poll'), (r) => r.length >= 1);
    expect(rows.map((r) => r.idempotencyKey)).toEqual(['poll:dvcqg.dossiers:000.25.94.H48-260115-0301@1']);
    expect(tunnels).toContain(portal.host); // the polls went through the proxy
  });

  it('a proxy refusing the account: the poller shows a coded failure naming no secret, and keeps its place', async () => {
    const state = await waitFor('the failure on the poller', () => p.services.triggers.poll.state(REFUSED), (s) => s?.lastFailure !== undefined);
    expect(state?.lastFailure?.code).toBe('TRIGGER_POLL_SOURCE_FAILED');
    expect(state?.lastFailure?.message.vi).toMatch(/proxy/);
    expect(state?.started).toBe(0);
    const list = await p.request('GET', '/api/v1/triggers');
    expect(list.status).toBe(200);
    const shown = (list.body as { flowKey: string; poller?: { lastFailure?: { code: string } } }[]).find((t) => t.flowKey === REFUSED);
    expect(shown?.poller?.lastFailure?.code).toBe('TRIGGER_POLL_SOURCE_FAILED');
    // The operators' alerts screen shows it too (open until a poll reads the source again).
    const alerts = await waitFor('the poll alert', () => p.request('GET', '/api/v1/alerts'),
      (r) => (r.body?.alerts ?? []).some((a: { key: string }) => a.key === `trigger.poll_failed:${REFUSED}`));
    expect(alerts.body.alerts.find((a: { key: string }) => a.key === `trigger.poll_failed:${REFUSED}`)).toMatchObject({ rule: 'trigger.poll_failed', severity: 'warning', status: 'firing' });
    for (const text of [list.text, alerts.text]) {
      for (const secret of ['SIMSECRET-wrong-proxy-pw', simAccounts.ngspAdapter.password]) expect(text).not.toContain(secret);
    }
  });
});
