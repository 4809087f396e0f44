import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allRoutes, checkEdxml, checkStatusPackage, FaultBook, startSimulators, windowRemaining, type RunningSimulators } from './index.js';

describe('simulators: control API, faults, counters', () => {
  let sim: RunningSimulators;
  beforeAll(async () => {
    sim = await startSimulators({ port: 0 });
  });
  afterAll(async () => {
    await sim.close();
  });
  const call = (path: string, init?: RequestInit) => fetch(`${sim.url}${path}`, init);

  it('lists every system on one server', () => {
    const prefixes = new Set(allRoutes.map((r) => r.path.split('/')[1]));
    expect([...prefixes].sort()).toEqual(['baocao', 'dvcqg', 'generic', 'ioc', 'lgsp', 'ngsp']);
  });

  it('PUT /_control/faults/{op} injects a fault for the next `count` calls; DELETE clears it', async () => {
    await call('/_control/faults/ioc.getIndicatorSet', { method: 'PUT', body: JSON.stringify({ status: 503, retryAfterSec: 9, count: 1 }) });
    const faulted = await call('/ioc/api/v1/indicator-sets');
    expect(faulted.status).toBe(503);
    expect(faulted.headers.get('retry-after')).toBe('9');
    expect((await call('/ioc/api/v1/indicator-sets')).status).toBe(401); // the fault is used up; no API key → 401
    await call('/_control/faults/ioc.getIndicatorSet', { method: 'PUT', body: JSON.stringify({ maintenance: { html: true } }) });
    const page = await call('/ioc/api/v1/indicator-sets');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('bảo trì');
    await call('/_control/faults', { method: 'DELETE' });
    expect(await (await call('/_control/faults')).json()).toEqual({});
  });

  it('GET /_control/counters reports calls per operation; DELETE resets them', async () => {
    await call('/lgsp/v1/getAgenciesList');
    const counters = (await (await call('/_control/counters')).json()) as Record<string, { calls: number }>;
    expect(counters['lgsp.getAgenciesList']?.calls).toBeGreaterThanOrEqual(1);
    await call('/_control/counters', { method: 'DELETE' });
    expect(await (await call('/_control/counters')).json()).toEqual({});
  });

  it('drop closes the connection without an answer', async () => {
    sim.faults.set('lgsp.getAgenciesList', { drop: true, count: 1 });
    await expect(call('/lgsp/v1/getAgenciesList')).rejects.toThrow();
  });

  it('FaultBook: count is exact; rate follows the injected random source', () => {
    const book = new FaultBook(() => 0.5);
    book.set('a', { status: 500, count: 2 });
    expect([book.take('a'), book.take('a'), book.take('a')].map((f) => f?.status ?? null)).toEqual([500, 500, null]);
    book.set('b', { status: 500, rate: 0.4 });
    expect(book.take('b')).toBeNull();
    book.set('c', { status: 500, rate: 0.6 });
    expect(book.take('c')?.status).toBe(500);
    book.set('*', { status: 503 });
    expect(book.take('anything')?.status).toBe(503);
  });
});

describe('maintenance windows as data (R-18)', () => {
  const sunday = { days: [0], from: '22:00', to: '02:00' };
  const vn = (iso: string) => new Date(`${iso}+07:00`);

  it('a window past midnight belongs to the day it starts', () => {
    expect(windowRemaining(sunday, vn('2026-01-18T23:30:00'))).toBe(150); // Sunday night
    expect(windowRemaining(sunday, vn('2026-01-19T01:00:00'))).toBe(60); // early Monday, same window
    expect(windowRemaining(sunday, vn('2026-01-19T03:00:00'))).toBeNull();
    expect(windowRemaining(sunday, vn('2026-01-17T23:30:00'))).toBeNull(); // Saturday night
  });

  it('inside the window the system answers 503 with Retry-After until it closes; outside, normally', async () => {
    let now = vn('2026-01-18T23:30:00');
    const sim = await startSimulators({ port: 0, clock: () => now });
    try {
      sim.faults.set('ioc.getIndicatorSet', { maintenance: {}, window: sunday });
      const during = await fetch(`${sim.url}/ioc/api/v1/indicator-sets`);
      expect(during.status).toBe(503);
      expect(during.headers.get('retry-after')).toBe(String(150 * 60));
      now = vn('2026-01-19T02:00:00');
      expect((await fetch(`${sim.url}/ioc/api/v1/indicator-sets`)).status).toBe(401); // open again (and we sent no key)
    } finally {
      await sim.close();
    }
  });
});

describe('edXML structure check', () => {
  const ok = `<edXML:edXMLEnvelope xmlns:edXML="http://www.mic.gov.vn/TBT/QCVN_102_2016"><edXML:edXMLHeader><edXML:MessageHeader>
    <edXML:From><edXML:OrganId>000.00.92.H48</edXML:OrganId><edXML:OrganName>VP</edXML:OrganName></edXML:From>
    <edXML:To><edXML:OrganId>H56.14</edXML:OrganId><edXML:OrganName>X</edXML:OrganName></edXML:To>
    <edXML:Code><edXML:CodeNumber>1</edXML:CodeNumber><edXML:CodeNotation>VP</edXML:CodeNotation></edXML:Code>
    <edXML:PromulgationInfo><edXML:Place>QN</edXML:Place><edXML:PromulgationDate>2026/01/15</edXML:PromulgationDate></edXML:PromulgationInfo>
    <edXML:DocumentType><edXML:Type>2</edXML:Type><edXML:TypeName>Công văn</edXML:TypeName></edXML:DocumentType>
    <edXML:Subject>S</edXML:Subject><edXML:SignerInfo><edXML:FullName>F</edXML:FullName></edXML:SignerInfo>
    <edXML:DocumentId>000.00.92.H48,2026/01/15,1/VP</edXML:DocumentId></edXML:MessageHeader>
    <edXML:TraceHeaderList><edXML:TraceHeader><edXML:OrganId>000.00.92.H48</edXML:OrganId><edXML:Timestamp>2026-01-15T08:00:00+07:00</edXML:Timestamp></edXML:TraceHeader>
    <edXML:Bussiness><edXML:BussinessDocType>0</edXML:BussinessDocType></edXML:Bussiness></edXML:TraceHeaderList></edXML:edXMLHeader>
    <edXML:edXMLBody><edXML:Manifest/></edXML:edXMLBody></edXML:edXMLEnvelope>`;

  it('accepts a minimal package (both agency code formats)', () => {
    expect(checkEdxml(ok).issues).toEqual([]);
  });
  it.each([
    ['a wrong namespace', ok.replace('QCVN_102_2016"', 'QCVN_102_2015"'), /namespace/],
    ['a bad agency code', ok.replace('<edXML:OrganId>H56.14', '<edXML:OrganId>h56'), /To\[0\]\/OrganId/],
    ['a replacement without a reason', ok.replace('<edXML:BussinessDocType>0', '<edXML:BussinessDocType>3'), /BussinessDocReason/],
    ['a date in the wrong format', ok.replace('<edXML:PromulgationDate>2026/01/15', '<edXML:PromulgationDate>15/01/2026'), /PromulgationDate/],
    ['truncated XML', ok.slice(0, 200), /well-formed|missing/],
  ])('refuses %s', (_name, xml, issue) => {
    expect(checkEdxml(xml).issues.join('\n')).toMatch(issue);
  });
  it('a status 02 package needs a reason', () => {
    const st = `<edXML:edXMLEnvelope xmlns:edXML="http://www.mic.gov.vn/TBT/QCVN_102_2016"><edXML:edXMLHeader><edXML:Status>
      <edXML:ResponseFor><edXML:OrganId>000.00.92.H48</edXML:OrganId><edXML:Code>1/VP</edXML:Code><edXML:PromulgationDate>2026/01/15</edXML:PromulgationDate><edXML:DocumentId>000.00.92.H48,2026/01/15,1/VP</edXML:DocumentId></edXML:ResponseFor>
      <edXML:From><edXML:OrganId>000.00.91.H48</edXML:OrganId></edXML:From><edXML:StaffInfo><edXML:Staff>T</edXML:Staff></edXML:StaffInfo>
      <edXML:StatusCode>02</edXML:StatusCode><edXML:Timestamp>2026-01-15T09:00:00+07:00</edXML:Timestamp></edXML:Status></edXML:edXMLHeader></edXML:edXMLEnvelope>`;
    expect(checkStatusPackage(st).issues).toContain('Status/Description (the reason) is required for 02');
    expect(checkStatusPackage(st.replace('<edXML:Timestamp>', '<edXML:Description>Sai thẩm quyền</edXML:Description><edXML:Timestamp>')).issues).toEqual([]);
  });
});
