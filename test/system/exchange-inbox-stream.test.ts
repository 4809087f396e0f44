import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerSystem, sdkSigned, type SystemKeys } from '../helpers/agency.js';
import { sha256, signed, startExchangePlatform, until } from './exchange-helpers.js';

const SECRET = 'TRẦN-THỊ-BÍ-MẬT-42C';

interface Event { id: string | null; event: string; data: any }

/** A destination's server-sent-events connection, signed like any other call, read as a browser's EventSource would. */
async function openStream(p: Awaited<ReturnType<typeof startExchangePlatform>>, k: SystemKeys) {
  const req = await sdkSigned(p.apiUrl, k, 'GET', '/api/v1/exchanges/inbox/stream');
  const abort = new AbortController();
  const res = await fetch(req.url, { ...req.init, signal: abort.signal });
  const events: Event[] = [];
  let comments = 0;
  const reading = (async () => {
    if (!res.body || !res.ok) return;
    const decoder = new TextDecoder();
    let buf = '';
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        buf += decoder.decode(chunk, { stream: true });
        let i: number;
        while ((i = buf.indexOf('\n\n')) >= 0) {
          const block = buf.slice(0, i);
          buf = buf.slice(i + 2);
          const e: Event = { id: null, event: 'message', data: undefined };
          let hasData = false;
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) { comments += 1; continue; }
            const [field, ...rest] = line.split(':');
            const value = rest.join(':').replace(/^ /, '');
            if (field === 'id') e.id = value;
            else if (field === 'event') e.event = value;
            else if (field === 'data') { e.data = JSON.parse(value); hasData = true; }
          }
          if (hasData) events.push(e);
        }
      }
    } catch { /* closed by us */ }
  })();
  return {
    res, events, comments: () => comments,
    async close() { abort.abort(); await reading; },
  };
}

describe('data exchange: the inbox as server-sent events', () => {
  let p: Awaited<ReturnType<typeof startExchangePlatform>>;
  let src: SystemKeys;
  let dst: SystemKeys;
  let n = 0;

  const send = async (priority: 'urgent' | 'normal') => {
    const content = Buffer.from(JSON.stringify({ maHoSo: `000.00.53.H48-260115-${2000 + ++n}`, chuHoSo: SECRET }), 'utf8');
    const created = await signed(p, src, 'POST', '/api/v1/exchanges', { recipient: 'qlvb-so-gd', subject: `Hồ sơ ${n}`, priority, dataType: 'ho-so-tthc', protocol: 'json', size: content.length });
    const id = created.body.exchangeId as string;
    expect((await signed(p, src, 'PUT', `/api/v1/exchanges/${id}/content`, { content: content.toString('base64'), sha256: sha256(content), policy: { allowedRecipients: ['qlvb-so-gd'] } })).status).toBe(200);
    await until(`${id} notified`, async () => ['notified', 'destination_connected'].includes((await signed(p, src, 'GET', `/api/v1/exchanges/${id}`)).body.status));
    return { id, content };
  };
  const deliver = async (id: string, content: Buffer) => {
    expect((await signed(p, dst, 'POST', `/api/v1/exchanges/${id}/ready`)).status).toBe(200);
    const fetched = await signed(p, dst, 'GET', `/api/v1/exchanges/${id}/content`);
    expect(Buffer.from(fetched.body.content, 'base64').equals(content)).toBe(true);
    expect((await signed(p, dst, 'POST', `/api/v1/exchanges/${id}/ack`, { sha256: sha256(content) })).body.status).toBe('delivered');
  };

  beforeAll(async () => {
    p = await startExchangePlatform();
    src = await registerSystem(p, { code: 'motcua-h48', agencyCode: '000.00.00.H48', allowedDestinations: ['*'] });
    dst = await registerSystem(p, { code: 'qlvb-so-gd', agencyCode: '000.00.53.H48' });
  });
  afterAll(async () => { await p?.stop(); });

  it('a signed stream announces each exchange as it arrives, then on reconnection what is still waiting, urgent first, never the content', async () => {
    const stream = await openStream(p, dst);
    expect(stream.res.status).toBe(200);
    expect(stream.res.headers.get('content-type')).toMatch(/^text\/event-stream/);

    // Nothing waits yet; an exchange sent now is announced on the open stream, and the destination is marked connected.
    const first = await send('normal');
    const announced = await until('the first event', async () => stream.events.find((e) => e.id === first.id));
    expect(announced).toMatchObject({ event: 'exchange.available', data: { exchangeId: first.id, status: 'destination_connected', source: { system: 'motcua-h48' }, priority: 'normal',
      delivered: { sha256: sha256(first.content) } } });
    await deliver(first.id, first.content);
    await stream.close();
    expect(stream.events.filter((e) => e.id === first.id)).toHaveLength(1); // once per stream

    // Two arrive while nobody listens; the next stream starts with them, urgent first.
    const normal = await send('normal');
    const urgent = await send('urgent');
    const again = await openStream(p, dst);
    await until('both waiting exchanges', async () => again.events.length >= 2);
    expect(again.events.map((e) => [e.id, e.data.priority])).toEqual([[urgent.id, 'urgent'], [normal.id, 'normal']]);
    for (const e of [...stream.events, ...again.events]) expect(JSON.stringify(e.data)).not.toContain(SECRET);
    await deliver(urgent.id, urgent.content);
    await deliver(normal.id, normal.content);
    await again.close();
  });

  it('refuses an unsigned caller, a person and a bad signature with coded errors, before streaming anything', async () => {
    const anonymous = await fetch(`${p.apiUrl}/api/v1/exchanges/inbox/stream`);
    expect([anonymous.status, ((await anonymous.json()) as { error: { code: string } }).error.code]).toEqual([401, 'AUTH_REQUIRED']);
    const person = await p.request('GET', '/api/v1/exchanges/inbox/stream');
    expect([person.status, person.body.error.code]).toEqual([403, 'ACCESS_SYSTEMS_ONLY']); // refused by the procedure's declaration (meta.systems), before its input is read
    expect(person.body.error.message.vi).toContain('Chỉ hệ thống kết nối');
    const forged = await sdkSigned(p.apiUrl, { ...dst, secretKey: 'not-the-secret' }, 'GET', '/api/v1/exchanges/inbox/stream');
    const bad = await fetch(forged.url, forged.init);
    expect([bad.status, ((await bad.json()) as { error: { code: string } }).error.code]).toEqual([401, 'AUTH_SIGNATURE_MISMATCH']);
  });
});
