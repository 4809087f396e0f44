// Issue 17 Done-when 6: a 10-working-day deadline from the Friday before Tết 2027 (the seeded calendar) through a real run
// on Temporal; an admin's later edit of the calendar is a new version: a replay of the first run's history stays
// deterministic with the old answer (the calendar it read is in its history), while a new run gives the new answer.
import { sql } from 'drizzle-orm';
import { describe, expect, inject, it } from 'vitest';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { addWorkingDays, isWorkingCalendar, type WorkingCalendar } from '@lienthong/flow';
import { EncryptionCodec, connectClient, payloadKeyFromMaster } from '@lienthong/temporal';
import { useTestPlatform } from '../helpers/suite.js';
import { sessionOfNewUser } from '../helpers/users.js';

const FRIDAY_BEFORE_TET = '2027-02-05T16:00:00+07:00'; // 29 tháng Chạp; mùng 1 Tết Đinh Mùi is Saturday 06/02/2027

const CRIMINAL_RECORD = '2.001234.000.00.00.H48'; // Cấp phiếu lý lịch tư pháp: 10 working days in the seeded procedures

const flow = {
  key: 'han-xu-ly-ngay-lam-viec',
  title: { vi: 'Hạn xử lý theo ngày làm việc', en: 'Deadline in working days' },
  inputSchema: { type: 'object', required: ['receivedAt', 'procedureCode'], additionalProperties: false,
    properties: { receivedAt: { type: 'string' }, procedureCode: { type: 'string' } } },
  nodes: {
    start: { kind: 'trigger', trigger: { type: 'api', sync: true } },
    thu_tuc: { kind: 'call', connector: { id: 'catalog:entry:get', version: '1.0.0' }, input: { catalogue: "'procedures'", code: '$input.procedureCode' } },
    lich: { kind: 'call', connector: { id: 'catalog:calendar:get', version: '1.0.0' }, input: {} },
    han: { kind: 'transform', expression: '{ "hanXuLy": $addWorkingDays($input.receivedAt, $nodes.thu_tuc.output.row.deadlineWorkingDays), "lich": $nodes.lich.output.version, "thuTuc": $nodes.thu_tuc.output.catalogueVersion }' },
    answer: { kind: 'respond', output: '$nodes.han.output' },
    done: { kind: 'end' },
  },
  edges: [{ id: 'e1', source: 'start', target: 'thu_tuc' }, { id: 'e2', source: 'thu_tuc', target: 'lich' }, { id: 'e3', source: 'lich', target: 'han' },
    { id: 'e4', source: 'han', target: 'answer' }, { id: 'e5', source: 'answer', target: 'done' }],
};

describe('catalogues: the working calendar pinned by a run', () => {
  const p = useTestPlatform();

  it('a deadline from the Friday before Tết lands after the break; an edit makes a new version; the old run replays with the old answer and a new run takes the new one', async () => {
    const published = await p.request('POST', '/api/v1/flows', flow);
    expect(published.status, JSON.stringify(published.body)).toBe(201);

    // The seeded calendar: Tết 2027 off Thursday 04/02 – Wednesday 10/02 (BLLĐ 2019 Đ112; see seed.ts).
    const seeded = await p.request('GET', '/api/v1/catalogues/calendar');
    expect(seeded.status).toBe(200);
    expect(seeded.body).toMatchObject({ kind: 'calendar', version: 1, source: 'seed' });
    expect(seeded.body.rows).toContainEqual(expect.objectContaining({ date: '2027-02-05', type: 'holiday' }));

    // The procedure's legal deadline (10 working days) from the procedures catalogue, counted on the calendar:
    // Thu 11, Fri 12, Mon 15 … Fri 19 (7), Mon 22, Tue 23, Wed 24 (10).
    const first = await p.request('POST', `/api/v1/flows/${flow.key}/runs`, { receivedAt: FRIDAY_BEFORE_TET, procedureCode: CRIMINAL_RECORD });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body).toMatchObject({ status: 'completed', output: { hanXuLy: '2027-02-24T16:00:00.000+07:00', lich: 'calendar@1', thuTuc: 'procedures@1' } });

    // The province extends the break by Thursday 11 and Friday 12/02: a new version, the old one kept.
    const rows = [...(seeded.body.rows as Record<string, unknown>[]),
      { date: '2027-02-11', type: 'holiday', name: 'Nghỉ thêm sau Tết (tỉnh quyết định)' }, { date: '2027-02-12', type: 'holiday', name: 'Nghỉ thêm sau Tết (tỉnh quyết định)' }];
    const saved = await p.request('PUT', '/api/v1/catalogues/calendar', { baseVersion: 1, rows, note: 'nghỉ thêm 11–12/02/2027' });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(saved.body).toMatchObject({ version: 2, id: 'calendar@2', source: 'edit', rowCount: rows.length });
    const versions = await p.request('GET', '/api/v1/catalogues/calendar/versions');
    expect(versions.body.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    expect((await p.request('GET', '/api/v1/catalogues/calendar?version=1')).body.rowCount).toBe(seeded.body.rowCount);

    // Replaying the first run's history on the current worker build: deterministic.
    const replay = await p.request('POST', `/api/v1/runs/${first.body.runId}/verify-replay`);
    expect(replay.status, JSON.stringify(replay.body)).toBe(200);
    expect(replay.body).toMatchObject({ deterministic: true });
    // …because the calendar the run computed with is the one in its history (version 1), which still gives the old date.
    const pinned = await calendarInHistory(first.body.runId as string);
    expect(pinned.version).toBe('calendar@1');
    expect(addWorkingDays(pinned, FRIDAY_BEFORE_TET, 10)).toBe('2027-02-24T16:00:00.000+07:00');

    // A new run reads version 2: Mon 15 … Fri 19 (5), Mon 22 … Fri 26 (10).
    const second = await p.request('POST', `/api/v1/flows/${flow.key}/runs`, { receivedAt: FRIDAY_BEFORE_TET, procedureCode: CRIMINAL_RECORD });
    expect(second.body).toMatchObject({ status: 'completed', output: { hanXuLy: '2027-02-26T16:00:00.000+07:00', lich: 'calendar@2' } });
    // A procedure the catalogue lacks fails the run with a coded error naming the catalogue version and the code.
    const unknown = await p.request('POST', `/api/v1/flows/${flow.key}/runs`, { receivedAt: FRIDAY_BEFORE_TET, procedureCode: '9.999999.000.00.00.H48' });
    expect(unknown.body.error).toMatchObject({ code: 'CATALOGUE_ENTRY_NOT_FOUND', where: { nodeId: 'thu_tuc' } });
    expect(unknown.body.error.message.vi).toContain('9.999999.000.00.00.H48');
    // The API answers the same count from the catalogue, for any version.
    const counted = await p.request('GET', `/api/v1/catalogues/calendar/working-days?from=2027-02-05&days=10&version=1`);
    expect(counted.body).toEqual({ calendarVersion: 'calendar@1', date: '2027-02-24' });
  });

  it('an edit from an old version is a coded 409, a bad cell a coded 400 naming row and column, and nothing is written', async () => {
    const current = (await p.request('GET', '/api/v1/catalogues/procedures')).body as { version: number; rows: Record<string, unknown>[] };
    const stale = await p.request('PUT', '/api/v1/catalogues/procedures', { baseVersion: current.version + 5, rows: current.rows });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({ code: 'CATALOGUE_VERSION_CONFLICT' });
    const bad = await p.request('PUT', '/api/v1/catalogues/procedures', { baseVersion: current.version,
      rows: [...current.rows, { code: '2.001234', name: 'Cấp phiếu lý lịch tư pháp số 2', deadlineWorkingDays: 'mười', agencyCode: '000.00.91.H48' }] });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'CATALOGUE_ROW_INVALID', where: { pointer: `/rows/${current.rows.length}/deadlineWorkingDays`, field: 'deadlineWorkingDays' } });
    expect(bad.body.error.message.vi).toContain(`Dòng ${current.rows.length + 1}, cột deadlineWorkingDays`);
    expect((await p.request('GET', '/api/v1/catalogues/procedures')).body.version).toBe(current.version);
    // A version never changes once written, whoever asks the database.
    const refused = await p.db.db.execute(sql`update catalogue_versions set note = 'sửa lén' where kind = 'procedures'`).then(() => 'updated', (e: Error) => `${e.message} ${String(e.cause)}`);
    expect(refused).toMatch(/append-only/);
  });

  it('people without registry.write, or with it for one agency only, are refused with a code', async () => {
    const designer = await sessionOfNewUser(p, 'thiet-ke-dm', [{ role: 'designer' }]);
    expect((await p.requestAs(designer, 'GET', '/api/v1/catalogues')).status).toBe(200);
    const refused = await p.requestAs(designer, 'PUT', '/api/v1/catalogues/agencies', { baseVersion: 1, rows: [] });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('ACCESS_FORBIDDEN');
    const viewer = await sessionOfNewUser(p, 'xem-dm-h48', [{ role: 'operator', agency: '000.00.00.H48' }]);
    expect((await p.requestAs(viewer, 'PUT', '/api/v1/catalogues/agencies', { baseVersion: 1, rows: [] })).status).toBe(403);
  });

  /** The calendar a run's catalogue node returned, as recorded in its history (decoded with the platform's codec). */
  async function calendarInHistory(runId: string): Promise<WorkingCalendar> {
    const codec = new EncryptionCodec(payloadKeyFromMaster(p.masterKey));
    const temporal = await connectClient({ address: inject('temporalAddress'), namespace: 'default' }, { codec });
    try {
      // The node's result, wherever the history keeps it (an activity's completion, or a local activity's marker).
      const payloads: Payload[] = [];
      const walk = (v: unknown): void => {
        if (!v || typeof v !== 'object' || v instanceof Uint8Array) return;
        const o = v as Record<string, unknown>;
        if (o.metadata && typeof o.metadata === 'object' && o.data instanceof Uint8Array) { payloads.push(o as Payload); return; }
        for (const x of Array.isArray(v) ? v : Object.values(o)) walk(x);
      };
      walk((await temporal.workflow.getHandle(runId).fetchHistory()).events);
      for (const decoded of await codec.decode(payloads)) {
        const value = defaultPayloadConverter.fromPayload<unknown>(decoded);
        if (isWorkingCalendar(value)) return value;
      }
      throw new Error('no calendar in the run\'s history');
    } finally {
      await temporal.connection.close();
    }
  }
});
