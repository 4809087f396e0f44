import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { mailboxOf, simAccounts, smtpLogOf } from '@lienthong/simulators';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.js';

// A flow's email step on the embedded platform (as `npm start` runs it): the SMTP simulator requires STARTTLS with a
// certificate made at start, the seeded demo credential `smtp` trusts it, and the mail arrives with AUTH encrypted.
const flow = {
  key: 'bao-ket-qua-email',
  title: { vi: 'Báo kết quả qua email', en: 'Tell the result by email' },
  inputSchema: { type: 'object', required: ['email'], properties: { email: { type: 'string' } } },
  nodes: {
    start: { kind: 'trigger', trigger: { type: 'api' }, ui: { position: { x: 0, y: 0 } } },
    gui: { kind: 'call', connector: { id: 'generic:email:send', version: '1.0.0' }, credentialId: 'smtp',
      input: { to: '[$input.email]', subject: "'Hồ sơ đã có kết quả'", text: "'Kính gửi ông/bà, hồ sơ đã có kết quả.'" }, ui: { position: { x: 200, y: 0 } } },
    xong: { kind: 'end', output: '$nodes.gui.output', ui: { position: { x: 400, y: 0 } } },
  },
  edges: [{ id: 'e1', source: 'start', target: 'gui' }, { id: 'e2', source: 'gui', target: 'xong' }],
};

describe('email step on the platform over STARTTLS', () => {
  let p: TestPlatform;
  beforeAll(async () => { p = await startTestPlatform(); });
  afterAll(async () => { await p?.stop(); });

  it('the demo smtp credential sends through the simulator with STARTTLS; AUTH never travels in clear', async () => {
    const published = await p.request('POST', '/api/v1/flows', flow);
    expect(published.status, JSON.stringify(published.body)).toBe(201);
    const run = await p.request('POST', `/api/v1/flows/${flow.key}/runs`, { email: 'tranthibichngoc@example.vn' });
    await vi.waitFor(async () => {
      expect((await p.request('GET', `/api/v1/runs/${run.body.runId}`)).body).toMatchObject({ status: 'completed' });
    }, { timeout: 30_000, interval: 200 });
    const sim = p.simulators!;
    const mails = [...mailboxOf(sim).values()].filter((m) => m.to.includes('tranthibichngoc@example.vn'));
    expect(mails).toHaveLength(1);
    const log = smtpLogOf(sim);
    expect(log.some((c) => c.verb === 'STARTTLS' && !c.tls)).toBe(true);
    expect(log.filter((c) => c.verb === 'AUTH').every((c) => c.tls)).toBe(true);
    expect(log.filter((c) => !c.tls).map((c) => c.verb).every((v) => ['EHLO', 'STARTTLS'].includes(v))).toBe(true);
    expect(JSON.stringify(run.body)).not.toContain(simAccounts.smtp.password);
  });
});
