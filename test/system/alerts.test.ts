import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.js';

/**
 * Done-when 3 of issue 9: stopping the population simulator's answers makes the "system silent" and the
 * "failure rate" alerts fire, reach a test webhook (signed) and an SMTP sink, and resolve once it answers again.
 * Windows are seconds long here; nothing asserts how long anything took: we wait for states with a bound.
 */
const SECRET = 'alert-webhook-secret-for-tests';
const OPERATION = 'population.XacThucThongTinCongDan';
const CONNECTOR = 'ngsp:population:verifyCitizen@1';
const FAILURE_KEY = `connector.failure_rate:${CONNECTOR}`;
const SILENT_KEY = 'system.silent:ngsp:population';
const body = { dossierNo: '000.25.94.H48-260115-0100', procedureCode: '1.001193.000.00.00.H48', officerId: '051085000111',
  applicant: { soDinhDanh: '051090123456', hoVaTen: 'NGUYỄN VĂN AN', ngaySinh: '19900512' } };

interface Delivered { raw: string; signature: string | undefined; json: { event: 'firing' | 'resolved'; alert: { id: number; key: string; status: string; message: { vi: string; en: string }; details: Record<string, unknown> } } }

async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, opts: { tries?: number; everyMs?: number; between?: () => Promise<void> } = {}): Promise<T> {
  for (let i = 0; i < (opts.tries ?? 120); i++) {
    const v = await probe();
    if (v !== undefined) return v;
    await opts.between?.();
    await new Promise((r) => setTimeout(r, opts.everyMs ?? 500));
  }
  throw new Error(`gave up waiting for ${what}`);
}

describe('alerts: a silent system and a failing connector fire, are delivered and resolve', () => {
  let p: TestPlatform;
  let webhook: Server;
  let smtp: SMTPServer;
  const delivered: Delivered[] = [];
  const mails: string[] = [];
  let failNextWebhook = true; // the first delivery is refused once: the retry must still get it through

  beforeAll(async () => {
    webhook = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        if (failNextWebhook) { failNextWebhook = false; res.writeHead(500).end(); return; }
        const raw = Buffer.concat(chunks).toString('utf8');
        delivered.push({ raw, signature: req.headers['x-lt-signature'] as string | undefined, json: JSON.parse(raw) as Delivered['json'] });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => webhook.listen(0, '127.0.0.1', r));
    smtp = new SMTPServer({ authOptional: true, disabledCommands: ['STARTTLS', 'AUTH'], logger: false,
      onData(stream, _session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => { mails.push(Buffer.concat(chunks).toString('utf8').replace(/=\r?\n/g, '')); callback(); }); // undo quoted-printable soft breaks
      } });
    await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', r));
    Object.assign(process.env, {
      LT_ALERT_WEBHOOK_URL: `http://127.0.0.1:${(webhook.address() as AddressInfo).port}/hooks/lienthong`,
      LT_ALERT_WEBHOOK_SECRET: SECRET,
      // A local sink without TLS or AUTH, so the URL says so (tls=none); STARTTLS itself: alert-email-starttls.test.ts.
      LT_ALERT_SMTP_URL: `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}?tls=none`,
      LT_ALERT_EMAIL_TO: 'truc-ban@stttt.example.gov.vn',
      LT_ALERT_INTERVAL_MS: '200', LT_ALERT_FAILURE_WINDOW_S: '3', LT_ALERT_FAILURE_RATE: '0.5', LT_ALERT_FAILURE_MIN_CALLS: '2',
      LT_ALERT_SILENT_AFTER_S: '2', LT_ALERT_RETRY_BASE_MS: '100',
    });
    p = await startTestPlatform();
  });
  afterAll(async () => {
    await p?.stop();
    await new Promise<void>((r) => (webhook ? webhook.close(() => r()) : r()));
    await new Promise<void>((r) => (smtp ? smtp.close(() => r()) : r()));
  });

  const fault = (method: 'PUT' | 'DELETE', f?: object) => fetch(`${p.simulators?.url}/_control/faults/${OPERATION}`,
    { method, ...(f ? { body: JSON.stringify(f), headers: { 'content-type': 'application/json' } } : {}) });
  const startRun = () => p.request('POST', '/api/v1/flows/xac-thuc-cong-dan/runs?wait=0s', body);
  const seen = (event: 'firing' | 'resolved', key: string) => delivered.find((d) => d.json.event === event && d.json.alert.key === key);

  it('fires both alerts while the population DB does not answer, and resolves them when it answers again', async () => {
    expect((await p.request('POST', '/api/v1/flows/xac-thuc-cong-dan/runs', body)).status).toBe(200);
    expect((await fault('PUT', { status: 503 })).status).toBe(200);

    // Keep citizens coming while the system is down, until both alerts have reached the webhook.
    await until('both alerts at the webhook', () => (seen('firing', FAILURE_KEY) && seen('firing', SILENT_KEY) ? true : undefined),
      { between: async () => { expect((await startRun()).status).toBe(202); } });

    for (const key of [FAILURE_KEY, SILENT_KEY]) {
      const d = seen('firing', key)!;
      // The one outbound webhook signature: t=<unix s>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>.
      const [, t, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(d.signature ?? '') ?? [];
      expect(v1).toBe(createHmac('sha256', SECRET).update(`${t}.${d.raw}`).digest('hex'));
      expect(d.raw).not.toContain(SECRET);
      expect(d.raw).not.toContain(body.applicant.soDinhDanh);
      expect(d.json.alert.message.vi.length).toBeGreaterThan(0);
    }
    expect(seen('firing', FAILURE_KEY)!.json.alert.details).toMatchObject({ connector: CONNECTOR, system: 'ngsp:population' });
    expect(Object.keys(seen('firing', FAILURE_KEY)!.json.alert.details.codes as object)).toContain('CONNECTOR_UNAVAILABLE');

    // The operator sees them and acknowledges one; acknowledging twice is a conflict.
    const open = await p.request('GET', '/api/v1/alerts');
    expect(open.status).toBe(200);
    const silent = (open.body.alerts as { id: number; key: string; status: string }[]).find((a) => a.key === SILENT_KEY);
    expect(silent?.status).toBe('firing');
    expect((open.body.alerts as { key: string }[]).map((a) => a.key)).toContain(FAILURE_KEY);
    const ack = await p.request('POST', `/api/v1/alerts/${silent!.id}/acknowledge`, { note: 'Đã báo Trung tâm dữ liệu quốc gia' });
    expect(ack.status).toBe(200);
    expect(ack.body).toMatchObject({ status: 'acknowledged', acknowledgedBy: 'user:admin', acknowledgeNote: 'Đã báo Trung tâm dữ liệu quốc gia' });
    const again = await p.request('POST', `/api/v1/alerts/${silent!.id}/acknowledge`, {});
    expect(again.status).toBe(409);
    expect(JSON.stringify(again.body)).toContain('ALERT_NOT_FIRING');
    expect((await p.request('POST', '/api/v1/alerts/999999/acknowledge', {})).status).toBe(404);

    // The system answers again: new runs complete and both alerts resolve (and the webhook is told).
    expect((await fault('DELETE')).status).toBe(200);
    await until('both resolutions at the webhook', () => (seen('resolved', FAILURE_KEY) && seen('resolved', SILENT_KEY) ? true : undefined),
      { between: async () => { expect((await p.request('POST', '/api/v1/flows/xac-thuc-cong-dan/runs', body)).status).toBe(200); } });
    expect(seen('resolved', SILENT_KEY)!.json.alert.status).toBe('resolved');

    // History: both occurrences resolved, with their deliveries recorded; nothing open for these keys.
    const history = await until('deliveries recorded', async () => {
      const h = await p.request('GET', '/api/v1/alerts?status=resolved');
      const rows = h.body.alerts as { key: string; resolvedAt: string | null; acknowledgedAt: string | null; deliveries: { channel: string; event: string; ok: boolean; attempts: number }[] }[];
      const done = [FAILURE_KEY, SILENT_KEY].every((k) => rows.some((r) => r.key === k && r.deliveries.filter((d) => d.ok).length >= 4));
      return done ? rows : undefined;
    });
    const silentRow = history.find((r) => r.key === SILENT_KEY)!;
    expect(silentRow.resolvedAt).not.toBeNull();
    expect(silentRow.acknowledgedAt).not.toBeNull();
    expect(history.flatMap((r) => r.deliveries).some((d) => d.channel === 'webhook' && d.attempts > 1)).toBe(true);
    const stillOpen = (await p.request('GET', '/api/v1/alerts')).body.alerts as { key: string }[];
    expect(stillOpen.map((a) => a.key)).not.toContain(SILENT_KEY);

    // Email: one message per event, Vietnamese first.
    await until('emails', () => (mails.filter((m) => m.includes(SILENT_KEY)).length >= 2 ? true : undefined));
    const firingMail = mails.find((m) => m.includes(SILENT_KEY) && m.includes('FIRING'));
    expect(firingMail).toBeDefined();
    expect(firingMail).not.toContain(SECRET);
  });

  it('only operators and admins see alerts', async () => {
    expect((await p.requestAs(null, 'GET', '/api/v1/alerts')).status).toBe(401);
  });
});
