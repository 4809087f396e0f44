import { describe, expect, it } from 'vitest';
import { manifests } from '@lienthong/connectors/manifests';
import { compile } from './compile.js';
import { cronProblem } from './cron.js';

const scheduled = (cron: string) => ({
  key: 'bao-cao-dinh-ky', title: { vi: 'Báo cáo định kỳ', en: 'Periodic report' },
  nodes: { start: { kind: 'trigger', trigger: { type: 'schedule', cron } }, done: { kind: 'end' } },
  edges: [{ id: 'e1', source: 'start', target: 'done' }],
});

describe('schedule cron strings', () => {
  it('refuses 99 99 99 99 99 with a coded error at the trigger node and its JSON pointer, in Vietnamese and English', () => {
    const r = compile(scheduled('99 99 99 99 99'), manifests);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toHaveLength(1);
    const json = r.errors[0]!.toJSON();
    expect(json.code).toBe('FLOW_COMPILE_BAD_CRON');
    expect(json.where).toEqual({ nodeId: 'start', pointer: '/nodes/start/trigger/cron' });
    expect(json.message.vi).toContain('Lịch chạy "99 99 99 99 99" của nút start không hợp lệ');
    expect(json.message.en).toContain('minute: 99');
  });

  it('accepts what a province schedules (weekdays at 07:00, every 15 minutes, month and day names, Sunday as 7)', () => {
    for (const cron of ['0 7 * * 1-5', '*/15 * * * *', '30 6 1 jan,jul *', '0 7 * * MON-FRI', '0 0 * * 7', '0 8-17/3 * * *']) {
      expect(cronProblem(cron), cron).toBeNull();
      expect(compile(scheduled(cron), manifests).ok, cron).toBe(true);
    }
  });

  it('refuses values out of range, reversed ranges, zero steps and the wrong number of fields', () => {
    expect(cronProblem('0 24 * * *')).toMatch(/hour: 24/);
    expect(cronProblem('60 * * * *')).toMatch(/minute: 60/);
    expect(cronProblem('0 0 0 * *')).not.toBeNull();
    expect(cronProblem('0 0 * 13 *')).not.toBeNull();
    expect(cronProblem('5-1 * * * *')).toMatch(/larger/);
    expect(cronProblem('*/0 * * * *')).toMatch(/stepping/);
    expect(cronProblem('0 7 * * MON-FRI *')).toMatch(/5 fields, found 6/);
    expect(cronProblem('0 7 * *')).toMatch(/5 fields, found 4/);
  });

  it('refuses croner extensions Temporal schedules would refuse after the version is committed (L, W, #, ?, @daily)', () => {
    for (const cron of ['0 0 L * *', '0 0 15W * *', '0 0 * * 5#2', '0 0 ? * *', '@daily']) expect(cronProblem(cron), cron).not.toBeNull();
  });
});
