import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Client } from '@temporalio/client';
import { alerts, connectedSystems, exchanges, incidents, maintenanceWindows, runs } from '@lienthong/db';
import { REPORTS_WORKFLOW } from '@lienthong/temporal/contracts';
import { EncryptionCodec, connectClient, payloadKeyFromMaster } from '@lienthong/temporal';
import { useTestPlatform } from '../helpers/suite.js';
import { sessionOfNewUser } from '../helpers/users.js';

// Operations reports (issue 22 DW6) over a seeded year, 2025, written straight into the database.
const A = '000.00.53.H48';
const B = '000.00.93.H48';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const YEAR_FROM = '2024-12-31T17:00:00Z'; // 1 January 2025, 00:00 in Vietnam
const YEAR_TO = '2025-12-31T17:00:00Z';

/** A UTC instant from Vietnam wall-clock parts. */
const vn = (m: number, d: number, h = 10, min = 0, y = 2025) => new Date(Date.UTC(y, m - 1, d, h - 7, min));

async function seedYear(db: ReturnType<typeof useTestPlatform>['db']['db']): Promise<void> {
  await db.insert(connectedSystems).values([
    { code: 'MOTCUA-A', agencyCode: A, name: { vi: 'Một cửa Sở A', en: 'One-stop A' }, status: 'active', createdAt: vn(2, 3) },
    { code: 'QLVB-B', agencyCode: B, name: { vi: 'Quản lý văn bản Sở B', en: 'Documents B' }, status: 'active', createdAt: vn(1, 5, 10, 0, 2024) },
    { code: 'CU-B', agencyCode: B, name: { vi: 'Hệ thống cũ Sở B', en: 'Old system B' }, status: 'suspended', createdAt: vn(6, 1) },
  ]);
  const flows = ['xac-thuc-cong-dan', 'dieu-phoi-ho-so', 'tong-hop-bao-cao'];
  const outcomes = ['completed', 'completed', 'completed', 'failed', 'cancelled'];
  const rows: (typeof runs.$inferInsert)[] = [];
  let n = 0;
  for (let month = 1; month <= 12; month++) {
    for (let i = 0; i < 3 + (month % 4); i++) {
      const agency = (n % 3 === 0) ? B : A;
      const started = vn(month, 1 + ((i * 7) % 27), 8 + (i % 9));
      rows.push({ runId: `run-seed-${n}`, flowKey: flows[n % 3] as string, version: 1, hash: 'seed', trigger: 'api', agency,
        caller: agency === A ? 'system:MOTCUA-A' : 'system:QLVB-B', status: outcomes[n % 5] as string, startedAt: started,
        finishedAt: new Date(started.getTime() + 1000 + n * 10), retries: n % 4 === 0 ? 1 : 0 });
      n += 1;
    }
  }
  // Right at the year's edges in Vietnam time: 00:30 on 1 January 2025 is in, 00:30 on 1 January 2026 is out, and so is 23:30 on 31 December 2024.
  rows.push({ runId: 'run-edge-in', flowKey: 'xac-thuc-cong-dan', version: 1, hash: 'seed', trigger: 'api', agency: A, status: 'completed', startedAt: vn(1, 1, 0, 30), finishedAt: vn(1, 1, 1) });
  rows.push({ runId: 'run-edge-out', flowKey: 'xac-thuc-cong-dan', version: 1, hash: 'seed', trigger: 'api', agency: A, status: 'completed', startedAt: vn(1, 1, 0, 30, 2026), finishedAt: vn(1, 1, 1, 0, 2026) });
  rows.push({ runId: 'run-edge-before', flowKey: 'dieu-phoi-ho-so', version: 1, hash: 'seed', trigger: 'api', agency: B, status: 'failed', startedAt: vn(12, 31, 23, 30, 2024), finishedAt: vn(12, 31, 23, 40, 2024) });
  await db.insert(runs).values(rows);

  const statuses = ['delivered', 'content_purged', 'rejected', 'expired', 'ready', 'delivered'] as const;
  await db.insert(exchanges).values(Array.from({ length: 30 }, (_, i) => {
    const fromA = i % 2 === 0;
    return { id: `ex-seed-${i}`, sourceSystem: fromA ? 'MOTCUA-A' : 'QLVB-B', sourceAgency: fromA ? A : B, destinationSystem: fromA ? 'QLVB-B' : 'MOTCUA-A',
      destinationAgency: fromA ? B : A, subject: 'Hồ sơ liên thông', priority: 'normal' as const, dataType: 'ho-so', protocol: 'json', declaredSize: 1000 + i,
      status: statuses[i % statuses.length] as (typeof statuses)[number], size: 1000 + i, createdAt: vn(1 + (i % 12), 10 + (i % 9)) };
  }));
  // Outages as the alert engine records them: the platform's worker down 90 minutes in March, the population DB silent 30 minutes in May.
  await db.insert(alerts).values([
    { key: 'worker.down:lienthong', rule: 'worker.down', subject: 'lienthong', severity: 'critical', status: 'resolved', message: { vi: 'Worker ngừng', en: 'Worker down' }, firedAt: vn(3, 4, 9), resolvedAt: vn(3, 4, 10, 30) },
    { key: 'system.silent:population', rule: 'system.silent', subject: 'population', severity: 'critical', status: 'resolved', message: { vi: 'Không trả lời', en: 'Silent' }, firedAt: vn(5, 6, 14), resolvedAt: vn(5, 6, 14, 30) },
  ]);
  await db.insert(incidents).values([
    { id: 'INC-2025-06-01', title: 'Mất kết nối CSDL dân cư', severity: 'high', status: 'resolved', agencies: [A], openedBy: 'user:admin', openedAt: vn(6, 12, 9), resolvedAt: vn(6, 12, 11), resolvedBy: 'user:admin' },
    { id: 'INC-2025-07-01', title: 'Chậm trục liên thông văn bản', severity: 'medium', status: 'open', agencies: [B], openedBy: 'user:admin', openedAt: vn(7, 2, 15) },
  ]);
  await db.insert(maintenanceWindows).values({ scope: 'system', target: 'reporting', startsAt: vn(8, 16, 22), endsAt: vn(8, 17, 2), reason: { vi: 'Nâng cấp hệ thống báo cáo', en: 'Reporting system upgrade' }, announcedAt: vn(8, 14, 9) });
}

/** Every row of a sheet as arrays of values (exceljs rows are 1-based). */
function sheetRows(wb: ExcelJS.Workbook, name: string): unknown[][] {
  const ws = wb.getWorksheet(name);
  if (!ws) throw new Error(`no sheet "${name}"`);
  const rows: unknown[][] = [];
  ws.eachRow((row) => { rows.push((row.values as unknown[]).slice(1)); });
  return rows;
}

describe('operations reports: monthly, 6-monthly, annual and ad hoc, as XLSX and PDF', () => {
  const p = useTestPlatform({ simulators: false });
  let temporal: Client;
  let viewerA = '';
  beforeAll(async () => {
    // The platform's codec: the reports workflow's input and result are encrypted like every payload.
    temporal = await connectClient({ address: inject('temporalAddress'), namespace: 'default' }, { codec: new EncryptionCodec(payloadKeyFromMaster(p.masterKey)) });
    await seedYear(p.db.db);
    viewerA = await sessionOfNewUser(p, 'xem-bao-cao-a', [{ role: 'agency-viewer', agency: A }]);
  });

  afterAll(async () => { await temporal?.connection.close(); });

  async function download(token: string, query: string, accept: string): Promise<{ status: number; type: string | null; disposition: string | null; body: Buffer }> {
    const res = await fetch(`${p.apiUrl}/api/v1/reports/operations?${query}`, { headers: { authorization: `Bearer ${token}`, accept } });
    return { status: res.status, type: res.headers.get('content-type'), disposition: res.headers.get('content-disposition'), body: Buffer.from(await res.arrayBuffer()) };
  }
  const workbook = async (bytes: Buffer) => { const wb = new ExcelJS.Workbook(); await wb.xlsx.load(bytes as unknown as ArrayBuffer); return wb; };
  const count = async (query: ReturnType<typeof sql>) => (await p.db.db.execute(query)).rows as Record<string, unknown>[];

  it("the annual report's numbers equal counts straight from the database (XLSX read back by exceljs)", async () => {
    const file = await download(p.adminToken, 'kind=annual&year=2025', XLSX);
    expect(file.status).toBe(200);
    expect(file.type).toBe(XLSX);
    expect(file.disposition).toBe('attachment; filename="bao-cao-van-hanh_annual_2025.xlsx"');
    const wb = await workbook(file.body);

    const byFlow = await count(sql`select flow_key as key, count(*)::int as started, (count(*) filter (where status = 'completed'))::int as completed,
      (count(*) filter (where status = 'failed'))::int as failed from runs where started_at >= ${YEAR_FROM} and started_at < ${YEAR_TO} group by flow_key order by flow_key`);
    const flowRows = sheetRows(wb, 'Lượt chạy theo luồng');
    expect(flowRows[0]?.slice(0, 4)).toEqual(['Luồng / Flow', 'Số lượt / Started', 'Hoàn thành / Completed', 'Thất bại / Failed']);
    expect(flowRows.slice(1, -1).map((r) => r.slice(0, 4))).toEqual(byFlow.map((r) => [r.key, r.started, r.completed, r.failed]));
    const [total] = await count(sql`select count(*)::int as n from runs where started_at >= ${YEAR_FROM} and started_at < ${YEAR_TO}`);
    expect(flowRows.at(-1)?.slice(0, 2)).toEqual(['Tổng / Total', total?.n]);
    expect(total?.n).toBe(rows2025());

    const byAgency = await count(sql`select agency as key, count(*)::int as n from runs where started_at >= ${YEAR_FROM} and started_at < ${YEAR_TO} group by agency order by agency`);
    expect(sheetRows(wb, 'Theo cơ quan').slice(1).map((r) => [r[0], r[1]])).toEqual(byAgency.map((r) => [r.key, r.n]));
    const byMonth = sheetRows(wb, 'Theo tháng').slice(1);
    expect(byMonth.map((r) => r[0])).toEqual(Array.from({ length: 12 }, (_, i) => `2025-${String(i + 1).padStart(2, '0')}`));

    const [ex] = await count(sql`select count(*)::int as total, (count(*) filter (where status in ('delivered', 'content_purged')))::int as delivered,
      (count(*) filter (where status in ('rejected', 'expired', 'refused_by_destination', 'failed')))::int as not_delivered, sum(size)::int as bytes
      from exchanges where created_at >= ${YEAR_FROM} and created_at < ${YEAR_TO}`);
    expect(sheetRows(wb, 'Trao đổi').at(-1)?.filter((v) => typeof v === 'number')).toEqual([ex?.total, ex?.delivered, ex?.not_delivered, Number(ex?.total) - Number(ex?.delivered) - Number(ex?.not_delivered), ex?.bytes]);

    const systems = sheetRows(wb, 'Hệ thống kết nối').slice(1);
    const perSystem = await count(sql`select s.code, (select count(*)::int from runs r where r.caller = 'system:' || s.code and r.started_at >= ${YEAR_FROM} and r.started_at < ${YEAR_TO}) as runs
      from connected_systems s order by s.code`);
    expect(systems.map((r) => [r[0], r[4]])).toEqual(perSystem.map((r) => [r.code, r.runs]));

    const availability = sheetRows(wb, 'Mức sẵn sàng').slice(1);
    expect(availability[0]?.slice(0, 3)).toEqual(['Nền tảng / Platform', 1, 90]);
    expect(availability[0]?.[3]).toBeCloseTo(1 - 90 / (365 * 24 * 60), 10);
    expect(availability.find((r) => r[0] === 'population')?.slice(1, 3)).toEqual([1, 30]);
    expect(wb.getWorksheet('Mức sẵn sàng')?.getCell('D2').numFmt).toBe('0.00%');

    expect(sheetRows(wb, 'Sự cố').slice(1).map((r) => r[0])).toEqual(['INC-2025-06-01', 'INC-2025-07-01']);
    expect(sheetRows(wb, 'Bảo trì').slice(1).map((r) => [r[1], r[4]])).toEqual([['reporting', 240]]);
  });

  it('the PDF renders to an image and carries the headings in Vietnamese and English', async () => {
    const file = await download(p.adminToken, 'kind=annual&year=2025', 'application/pdf');
    expect(file.status).toBe(200);
    expect(file.type).toBe('application/pdf');
    expect(file.disposition).toBe('attachment; filename="bao-cao-van-hanh_annual_2025.pdf"');
    const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
    const pdf = await pdfjs.getDocument({ data: new Uint8Array(file.body), verbosity: 0 }).promise;
    let text = '';
    for (let i = 1; i <= pdf.numPages; i++) {
      const page = await pdf.getPage(i);
      text += (await page.getTextContent()).items.map((it) => ('str' in it ? it.str : '')).join('');
    }
    const squeeze = (s: string) => s.replace(/\s+/g, '');
    for (const heading of ['Báo cáo vận hành năm / Annual operations report — Năm 2025 / Year 2025', 'Tổng quan / Summary', 'Lượt chạy theo luồng / Runs by flow',
      'Lượt chạy theo cơ quan / Runs by agency', 'Trao đổi dữ liệu / Data exchanges', 'Hệ thống kết nối / Connected systems', 'Mức sẵn sàng / Availability',
      'Sự cố / Incidents', 'Bảo trì theo kế hoạch / Planned maintenance']) expect(squeeze(text)).toContain(squeeze(heading));
    expect(text).toContain('Mất kết nối CSDL dân cư');

    // The first page drawn as pixels: the embedded Unicode font renders (dark glyphs on white), not an empty page.
    const page = await pdf.getPage(1);
    const viewport = page.getViewport({ scale: 1 });
    const { canvas, context } = pdf.canvasFactory.create(viewport.width, viewport.height) as { canvas: unknown; context: CanvasRenderingContext2D };
    await page.render({ canvasContext: context, viewport, canvas: canvas as HTMLCanvasElement }).promise;
    const pixels = context.getImageData(0, 0, Math.floor(viewport.width), Math.floor(viewport.height)).data;
    let dark = 0;
    for (let i = 0; i < pixels.length; i += 4) if ((pixels[i] ?? 255) < 100) dark += 1;
    expect(dark).toBeGreaterThan(2000);
    await pdf.destroy();
  });

  it("an agency viewer's report covers its own agency only, and naming another agency is refused", async () => {
    const wb = await workbook((await download(viewerA, 'kind=annual&year=2025', XLSX)).body);
    expect(sheetRows(wb, 'Theo cơ quan').slice(1).map((r) => r[0])).toEqual([A]);
    const [own] = await count(sql`select count(*)::int as n from runs where agency = ${A} and started_at >= ${YEAR_FROM} and started_at < ${YEAR_TO}`);
    expect(sheetRows(wb, 'Lượt chạy theo luồng').at(-1)?.[1]).toBe(own?.n);
    expect(sheetRows(wb, 'Hệ thống kết nối').slice(1).map((r) => r[0])).toEqual(['MOTCUA-A']);
    expect(sheetRows(wb, 'Sự cố').slice(1).map((r) => r[0])).toEqual(['INC-2025-06-01']);
    expect(sheetRows(wb, 'Tổng quan').find((r) => r[0] === 'Phạm vi / Scope')?.[1]).toBe(`Cơ quan / Agency ${A}`);

    const other = await p.requestAs(viewerA, 'GET', `/api/v1/reports/operations?kind=annual&year=2025&agency=${B}`);
    expect(other.status).toBe(403);
    expect(other.body.error.code).toBe('ACCESS_FORBIDDEN');
  });

  it("an incident opened in the month appears in that month's report, not in the next", async () => {
    const june = await workbook((await download(p.adminToken, 'kind=monthly&year=2025&month=6', XLSX)).body);
    expect(sheetRows(june, 'Sự cố').slice(1).map((r) => [r[0], r[1], r[2], r[5]])).toEqual([['INC-2025-06-01', 'Mất kết nối CSDL dân cư', 'high', 120]]);
    const july = await workbook((await download(p.adminToken, 'kind=monthly&year=2025&month=7', XLSX)).body);
    expect(sheetRows(july, 'Sự cố').slice(1).map((r) => r[0])).toEqual(['INC-2025-07-01']);
  });

  it('6-monthly and ad hoc periods add up to the year; the console download travels as base64 JSON', async () => {
    const totalOf = async (query: string) => sheetRows(await workbook((await download(p.adminToken, query, XLSX)).body), 'Lượt chạy theo luồng').at(-1)?.[1] as number;
    const [h1, h2, adhoc] = [await totalOf('kind=semiannual&year=2025&half=1'), await totalOf('kind=semiannual&year=2025&half=2'), await totalOf('kind=adhoc&from=2025-01-01&to=2025-12-31')];
    expect(h1 + h2).toBe(rows2025());
    expect(adhoc).toBe(rows2025());
    const json = await p.request('GET', '/api/v1/reports/operations?kind=adhoc&from=2025-03-01&to=2025-03-31&format=pdf');
    expect(json.status).toBe(200);
    expect(json.body).toMatchObject({ filename: 'bao-cao-van-hanh_adhoc_2025-03-01_2025-03-31.pdf', mediaType: 'application/pdf' });
    expect(Buffer.from(json.body.contentBase64, 'base64').subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('the reports schedule runs on the 1st (and 15 December) in Vietnam time; its workflow stores the reports due and they download', async () => {
    const schedule = await temporal.schedule.getHandle(p.services.background.ids.reports).describe();
    expect(schedule.spec.timezone).toBe('Asia/Ho_Chi_Minh');
    expect(schedule.spec.calendars?.map((c) => [c.dayOfMonth, c.hour, c.month])).toEqual([
      [[{ start: 1, end: 1, step: 1 }], [{ start: 1, end: 1, step: 1 }], [{ start: 'JANUARY', end: 'DECEMBER', step: 1 }]],
      [[{ start: 15, end: 15, step: 1 }], [{ start: 1, end: 1, step: 1 }], [{ start: 'DECEMBER', end: 'DECEMBER', step: 1 }]],
    ]);
    expect(schedule.action).toMatchObject({ type: 'startWorkflow', workflowType: REPORTS_WORKFLOW, taskQueue: p.taskQueue });
    // What the schedule starts on 1 January 2026, 01:00 in Vietnam: December's, the second half's and the year's reports.
    const result = await temporal.workflow.execute(REPORTS_WORKFLOW, { taskQueue: p.taskQueue, workflowId: `reports-${p.taskQueue}-2026-01-01`, args: ['2025-12-31T18:00:00Z'] });
    expect(result).toEqual({ stored: ['monthly:2025-12', 'semiannual:2025-h2', 'annual:2025'] });
    const list = await p.request('GET', '/api/v1/reports/stored');
    expect(list.status).toBe(200);
    expect(list.body.map((r: { kind: string; slug: string; trigger: string }) => `${r.kind}:${r.slug}:${r.trigger}`).sort()).toEqual(['annual:2025:schedule', 'monthly:2025-12:schedule', 'semiannual:2025-h2:schedule']);
    const annual = list.body.find((r: { kind: string }) => r.kind === 'annual') as { id: number };
    const stored = await fetch(`${p.apiUrl}/api/v1/reports/stored/${annual.id}`, { headers: { authorization: `Bearer ${p.adminToken}`, accept: XLSX } });
    expect(stored.headers.get('content-disposition')).toBe('attachment; filename="bao-cao-van-hanh_annual_2025.xlsx"');
    const onDemand = await workbook((await download(p.adminToken, 'kind=annual&year=2025', XLSX)).body);
    expect(sheetRows(await workbook(Buffer.from(await stored.arrayBuffer())), 'Lượt chạy theo luồng')).toEqual(sheetRows(onDemand, 'Lượt chạy theo luồng'));
    const pdf = await p.request('GET', `/api/v1/reports/stored/${annual.id}?format=pdf`);
    expect(Buffer.from(pdf.body.contentBase64, 'base64').subarray(0, 5).toString()).toBe('%PDF-');
    // Platform-wide reports are not an agency viewer's; an unknown id is a 404 with its code.
    expect((await p.requestAs(viewerA, 'GET', '/api/v1/reports/stored')).body).toEqual([]);
    expect((await p.requestAs(viewerA, 'GET', `/api/v1/reports/stored/${annual.id}`)).body.error.code).toBe('REPORT_NOT_FOUND');
    expect((await p.request('GET', '/api/v1/reports/stored/999999')).status).toBe(404);
  });

  it('planned maintenance is not counted against availability: outage time inside a window is not down time, and the window leaves the time measured', async () => {
    // 2023 (nothing else seeded there): the worker down 09:00–11:00 on 4 March, a platform window announced for 10:00–12:00;
    // the population DB silent 14:30–15:30 on 6 May inside an `ngsp` window 14:00–15:00; the reporting system's window with no outage.
    await p.db.db.insert(alerts).values([
      { key: 'worker.down:lienthong:2023', rule: 'worker.down', subject: 'lienthong', severity: 'critical', status: 'resolved', message: { vi: 'Worker ngừng', en: 'Worker down' }, firedAt: vn(3, 4, 9, 0, 2023), resolvedAt: vn(3, 4, 11, 0, 2023) },
      { key: 'system.silent:ngsp:population:2023', rule: 'system.silent', subject: 'ngsp:population', severity: 'critical', status: 'resolved', message: { vi: 'Không trả lời', en: 'Silent' }, firedAt: vn(5, 6, 14, 30, 2023), resolvedAt: vn(5, 6, 15, 30, 2023) },
    ]);
    const reason = { vi: 'Bảo trì định kỳ', en: 'Routine maintenance' };
    await p.db.db.insert(maintenanceWindows).values([
      { scope: 'platform', target: '', startsAt: vn(3, 4, 10, 0, 2023), endsAt: vn(3, 4, 12, 0, 2023), reason, announcedAt: vn(3, 2, 9, 0, 2023) },
      { scope: 'system', target: 'ngsp', startsAt: vn(5, 6, 14, 0, 2023), endsAt: vn(5, 6, 15, 0, 2023), reason, announcedAt: vn(5, 4, 9, 0, 2023) },
      { scope: 'system', target: 'reporting', startsAt: vn(9, 9, 22, 0, 2023), endsAt: vn(9, 10, 1, 0, 2023), reason, announcedAt: vn(9, 7, 9, 0, 2023) },
    ]);
    const rows = sheetRows(await workbook((await download(p.adminToken, 'kind=annual&year=2023', XLSX)).body), 'Mức sẵn sàng');
    expect(rows[0]?.[4]).toBe('Phút bảo trì theo kế hoạch / Planned maintenance minutes');
    const year = 365 * 24 * 60;
    const row = (subject: string) => rows.find((r) => r[0] === subject);
    // Subject, outages, unplanned minutes down, availability, planned minutes.
    const platform = row('Nền tảng / Platform');
    expect([platform?.[1], platform?.[2], platform?.[4]]).toEqual([1, 60, 120]);
    expect(platform?.[3]).toBeCloseTo(1 - 60 / (year - 120), 12);
    const population = row('ngsp:population');
    expect([population?.[1], population?.[2], population?.[4]]).toEqual([1, 30, 60]);
    expect(population?.[3]).toBeCloseTo(1 - 30 / (year - 60), 12);
    expect(row('reporting')?.slice(1)).toEqual([0, 0, 1, 180]);
  });

  it('bad periods get a 400 with a stable code, both languages and the field', async () => {
    for (const [query, pointer] of [['kind=monthly&year=2025', '/month'], ['kind=monthly&year=2025&month=13', '/month'], ['kind=adhoc&from=2025-05-02&to=2025-05-01', '/to'],
      ['kind=adhoc&from=2025-02-30&to=2025-03-01', '/from'], ['kind=weekly&year=2025', '/kind'], ['kind=semiannual&year=2025&half=3', '/half']] as const) {
      const r = await p.request('GET', `/api/v1/reports/operations?${query}`);
      expect(r.status, query).toBe(400);
      expect(r.body.error.code, query).toBe('REQUEST_VALIDATION_FAILED');
      expect(r.body.error.message.vi, query).toBeTruthy();
      expect(r.body.error.message.en, query).toBeTruthy();
      expect(JSON.stringify(r.body.error), query).toContain(pointer);
    }
  });
});

/** The seeded runs that fall in 2025 (Vietnam time): 12 months of 3 + (month % 4), plus the one at 00:30 on 1 January. */
function rows2025(): number {
  let n = 1;
  for (let month = 1; month <= 12; month++) n += 3 + (month % 4);
  return n;
}
