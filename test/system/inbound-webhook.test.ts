import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { webhookSignature } from '@lienthong/observability';
import { useTestPlatform } from '../helpers/suite.js';
import { sessionOfNewUser } from '../helpers/users.js';

// Inbound webhooks for systems that cannot sign SigV4: a per-flow URL and HMAC secret (the outbound webhooks' scheme),
// a signature used once, a delivery id that starts one run however often it is delivered.
const FLOW = 'tiep-nhan-webhook';
const flow = {
  key: FLOW,
  title: { vi: 'Nhận hồ sơ từ phần mềm một cửa qua webhook', en: 'Dossiers from the one-stop software by webhook' },
  inputSchema: { type: 'object', required: ['dossierNo'], properties: { dossierNo: { type: 'string', pattern: '^[0-9A-Z.]+-[0-9]{6}-[0-9]{4}$' } } },
  nodes: {
    start: { kind: 'trigger', trigger: { type: 'webhook', input: "{ 'dossierNo': $input.hoSo.soHoSo }" } },
    note: { kind: 'transform', expression: "{ 'received': $input.dossierNo }" },
    done: { kind: 'end', output: '$nodes.note.output' },
  },
  edges: [{ id: 'e1', source: 'start', target: 'note' }, { id: 'e2', source: 'note', target: 'done' }],
};

describe('inbound webhooks', () => {
  const logs: string[] = [];
  const p = useTestPlatform({ log: (name) => (line) => { logs.push(`[${name}] ${line}`); } });
  const now = () => Math.floor(Date.now() / 1000);

  async function deliver(o: { secret: string; body: string; delivery?: string; t?: number; signature?: string }) {
    const headers: Record<string, string> = { 'content-type': 'application/json', 'x-lt-signature': o.signature ?? webhookSignature(o.secret, o.body, o.t ?? now()) };
    if (o.delivery) headers['x-lt-delivery'] = o.delivery;
    return p.requestAs(null, 'POST', `/api/v1/hooks/${FLOW}`, o.body, headers);
  }

  it('a good signature starts the run once, however often the delivery comes; a bad, stale or replayed signature is a coded 401', async () => {
    expect((await p.request('POST', '/api/v1/flows', flow)).status).toBe(201);
    // Before a secret is made, the URL answers nothing but a coded 404.
    expect((await deliver({ secret: 'x', body: '{}', delivery: 'd-0' })).body.error.code).toBe('TRIGGER_WEBHOOK_NOT_FOUND');

    const made = await p.request('POST', `/api/v1/triggers/${FLOW}/webhook-secret`, {});
    expect(made.status, made.text).toBe(200);
    const { secret, path } = made.body as { secret: string; path: string };
    expect(path).toBe(`/api/v1/hooks/${FLOW}`);
    expect(secret).toMatch(/^whsec_/);

    const body = JSON.stringify({ hoSo: { soHoSo: '000.25.94.H48-260115-0201' } });
    // Each delivery its own timestamp (so its own signature), fixed here rather than read at send time.
    const t0 = now();
    const first = await deliver({ secret, body, delivery: 'mc-0201-1', t: t0 });
    expect(first.status, first.text).toBe(202);
    expect(first.body).toMatchObject({ flowKey: FLOW, replayed: false });
    // The sender did not hear back and delivers again (signed anew): the same run, not a second one.
    const again = await deliver({ secret, body, delivery: 'mc-0201-1', t: t0 - 1 });
    expect(again.status, again.text).toBe(200);
    expect(again.body).toMatchObject({ runId: first.body.runId, replayed: true });

    // The very same request sent again (a captured request replayed): refused, whatever its delivery id.
    const signature = webhookSignature(secret, body, t0 - 2);
    expect((await deliver({ secret, body, delivery: 'mc-0201-2', signature })).status).toBe(202);
    const replay = await deliver({ secret, body, delivery: 'mc-0201-3', signature });
    expect(replay.status).toBe(401);
    expect(replay.body.error).toMatchObject({ code: 'TRIGGER_WEBHOOK_REPLAYED', where: { field: 'x-lt-signature' } });
    expect(replay.body.error.message.vi).toContain('phát lại');

    const wrongKey = await deliver({ secret: 'whsec_not-the-secret', body, delivery: 'mc-0201-4' });
    expect(wrongKey.status).toBe(401);
    expect(wrongKey.body.error.code).toBe('TRIGGER_WEBHOOK_SIGNATURE_INVALID');
    const tampered = await deliver({ secret, body, delivery: 'mc-0201-5', signature: webhookSignature(secret, body.replace('0201', '0202'), now()) });
    expect(tampered.body.error.code).toBe('TRIGGER_WEBHOOK_SIGNATURE_INVALID');
    const stale = await deliver({ secret, body, delivery: 'mc-0201-6', t: t0 - 600 });
    expect(stale.status).toBe(401);
    expect(stale.body.error.code).toBe('TRIGGER_WEBHOOK_SIGNATURE_INVALID');
    const unsigned = await p.requestAs(null, 'POST', `/api/v1/hooks/${FLOW}`, body, { 'x-lt-delivery': 'mc-0201-7' });
    expect(unsigned.body.error.code).toBe('TRIGGER_WEBHOOK_SIGNATURE_INVALID');

    // Two deliveries, two runs: one per delivery id; the run did the flow's work.
    const rows = (await p.services.runs.list({ flowKey: FLOW })).filter((r) => r.trigger === 'webhook');
    expect(rows.map((r) => r.idempotencyKey).sort()).toEqual(['webhook:mc-0201-1', 'webhook:mc-0201-2']);
    let view = await p.request('GET', `/api/v1/runs/${String(first.body.runId)}`);
    for (let i = 0; i < 50 && view.body.status !== 'completed'; i++) {
      await new Promise((r) => setTimeout(r, 200));
      view = await p.request('GET', `/api/v1/runs/${String(first.body.runId)}`);
    }
    expect(view.body.output).toEqual({ received: '000.25.94.H48-260115-0201' });

    // The secret is in no log line, audit row or run answer (it was only ever in the one answer that made it).
    const audit = await p.request('GET', `/api/v1/audit?flowKey=${FLOW}`);
    expect(audit.text).toContain('triggers.webhookSecret');
    for (const [what, text] of [['logs', logs.join('\n')], ['audit', audit.text], ['run', view.text]] as const) expect(text, what).not.toContain(secret.slice(6));
  });

  it('a good signature on bad content is a coded 4xx with where; the secret is shown once, stored encrypted, and only admins make one', async () => {
    const made = await p.request('POST', `/api/v1/triggers/${FLOW}/webhook-secret`, {});
    const secret = made.body.secret as string;
    const noDelivery = await deliver({ secret, body: '{}' });
    expect(noDelivery.status).toBe(400);
    expect(noDelivery.body.error).toMatchObject({ code: 'TRIGGER_WEBHOOK_DELIVERY_ID', where: { field: 'x-lt-delivery' } });
    const notObject = await deliver({ secret, body: '[1,2]', delivery: 'mc-x-1' });
    expect(notObject.body.error.code).toBe('TRIGGER_WEBHOOK_BODY_INVALID');
    const badInput = await deliver({ secret, body: JSON.stringify({ hoSo: { soHoSo: 'khong-hop-le' } }), delivery: 'mc-x-2' });
    expect(badInput.status).toBe(400);
    expect(badInput.body.error).toMatchObject({ code: 'REQUEST_VALIDATION_FAILED', where: { pointer: '/dossierNo' } });
    const get = await p.requestAs(null, 'GET', `/api/v1/hooks/${FLOW}`);
    expect(get.status).toBe(405);

    // The list says a secret exists, never what it is; the table holds it encrypted.
    const list = await p.request('GET', '/api/v1/triggers');
    expect(list.body).toEqual(expect.arrayContaining([expect.objectContaining({ flowKey: FLOW, type: 'webhook', webhook: expect.objectContaining({ path: `/api/v1/hooks/${FLOW}`, hasSecret: true }) })]));
    expect(list.text).not.toContain(secret);
    const stored = await p.db.db.execute(sql`select secret from trigger_webhooks where flow_key = ${FLOW}`);
    const text = JSON.stringify((stored as { rows?: unknown[] }).rows ?? stored);
    expect(text).not.toContain(secret.slice(6));
    // A newer secret replaces the old one at once.
    const newer = await p.request('POST', `/api/v1/triggers/${FLOW}/webhook-secret`, {});
    expect((await deliver({ secret, body: '{}', delivery: 'mc-x-3' })).body.error.code).toBe('TRIGGER_WEBHOOK_SIGNATURE_INVALID');
    expect((await deliver({ secret: newer.body.secret as string, body: JSON.stringify({ hoSo: { soHoSo: '000.25.94.H48-260115-0203' } }), delivery: 'mc-x-3' })).status).toBe(202);

    const designer = await sessionOfNewUser(p, 'thietke.webhook', [{ role: 'designer' }]);
    const refused = await p.requestAs(designer, 'POST', `/api/v1/triggers/${FLOW}/webhook-secret`, {});
    expect(refused.status).toBe(403);
    // A flow started another way has no webhook to make a secret for.
    const apiFlow = await p.request('POST', '/api/v1/flows', { ...flow, key: 'khong-webhook', nodes: { ...flow.nodes, start: { kind: 'trigger', trigger: { type: 'api' } } } });
    expect(apiFlow.status).toBe(201);
    const notHook = await p.request('POST', '/api/v1/triggers/khong-webhook/webhook-secret', {});
    expect(notHook.status).toBe(409);
    expect(notHook.body.error.code).toBe('TRIGGER_NOT_WEBHOOK');
  });
});
