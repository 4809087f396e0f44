import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerSystem, type SystemKeys } from '../helpers/agency.js';
import { sha256, signed, startExchangePlatform, until } from './exchange-helpers.js';

/** A flow that starts whenever an exchange arrives for the Department of Justice's document system. */
const flow = {
  key: 'nhan-ho-so-lien-thong',
  title: { vi: 'Tiếp nhận hồ sơ liên thông đến Sở Tư pháp', en: 'Take in dossiers exchanged to the Department of Justice' },
  nodes: {
    start: { kind: 'trigger', trigger: { type: 'event', event: 'exchange.received:qlvb-so-tp' } },
    note: { kind: 'transform', expression: "{ 'exchangeId': $input.exchangeId, 'from': $input.source, 'subject': $input.subject, 'fetch': $input.fetch }" },
    done: { kind: 'end', output: '$nodes.note.output' },
  },
  edges: [{ id: 'e1', source: 'start', target: 'note' }, { id: 'e2', source: 'note', target: 'done' }],
};

describe('an exchange arriving starts the flows listening for it', () => {
  let p: Awaited<ReturnType<typeof startExchangePlatform>>;
  let src: SystemKeys;
  beforeAll(async () => {
    p = await startExchangePlatform();
    src = await registerSystem(p, { code: 'motcua-h48', agencyCode: '000.00.00.H48', allowedDestinations: ['*'] });
    await registerSystem(p, { code: 'qlvb-so-tp', agencyCode: '000.00.53.H48' });
    await registerSystem(p, { code: 'qlvb-so-yt', agencyCode: '000.00.53.H48' });
    expect((await p.request('POST', '/api/v1/flows', flow)).status).toBe(201);
  });
  afterAll(async () => { await p?.stop(); });

  async function send(recipient: string, subject: string): Promise<string> {
    const content = Buffer.from(JSON.stringify({ maHoSo: '000.00.53.H48-260115-0101', ghiChu: subject }));
    const created = await signed(p, src, 'POST', '/api/v1/exchanges', { recipient, subject, priority: 'normal', dataType: 'ho-so-tthc', protocol: 'json', size: content.length });
    expect(created.status, JSON.stringify(created.body)).toBeLessThan(300);
    const id = created.body.exchangeId as string;
    const up = await signed(p, src, 'PUT', `/api/v1/exchanges/${id}/content`, { content: content.toString('base64'), sha256: sha256(content), policy: { allowedRecipients: ['000.00.53.H48'] } });
    expect(up.status, JSON.stringify(up.body)).toBeLessThan(300);
    return id;
  }

  it('one run per exchange for the listening destination, with the notice (not the content) as input', async () => {
    const id = await send('qlvb-so-tp', 'Hồ sơ chứng thực gửi Sở Tư pháp');
    const run = await until('event run', async () => {
      const r = await p.request('GET', '/api/v1/runs?flowKey=nhan-ho-so-lien-thong&trigger=event');
      return (r.body.runs as { runId: string; status: string }[] | undefined)?.find((x) => x.status === 'completed') ?? null;
    });
    const view = await p.request('GET', `/api/v1/runs/${run.runId}`);
    expect(view.body.output).toMatchObject({ exchangeId: id, from: 'motcua-h48', subject: 'Hồ sơ chứng thực gửi Sở Tư pháp', fetch: `/api/v1/exchanges/${id}/content` });
    expect(JSON.stringify(view.body)).not.toContain('ghiChu');
  });

  it('an exchange for another destination starts nothing', async () => {
    const id = await send('qlvb-so-yt', 'Hồ sơ gửi Sở Y tế');
    // Once it is ready for its destination, the event has been handed over (or not) already.
    await until('so-yt notified', async () => ['notified', 'destination_connected', 'ready'].includes((await p.request('GET', `/api/v1/exchanges/${id}`)).body.status as string) || null);
    const runs = (await p.request('GET', '/api/v1/runs?flowKey=nhan-ho-so-lien-thong&trigger=event')).body.runs as unknown[];
    expect(runs).toHaveLength(1);
  });
});
