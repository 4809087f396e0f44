import { describe, expect, it } from 'vitest';
import { useTestPlatform } from '../helpers/suite.js';

const flow = (trigger: Record<string, unknown>) => ({
  key: 'nhac-han-bao-cao',
  title: { vi: 'Nhắc hạn báo cáo tháng', en: 'Monthly report deadline reminder' },
  nodes: {
    start: { kind: 'trigger', trigger },
    note: { kind: 'transform', expression: "{ 'reminder': 'Hạn nộp báo cáo KT-XH tháng là ngày 20', 'trigger': $run.flowKey }" },
    done: { kind: 'end', output: '$nodes.note.output' },
  },
  edges: [{ id: 'e1', source: 'start', target: 'note' }, { id: 'e2', source: 'note', target: 'done' }],
});

describe('a flow with a schedule trigger', () => {
  const p = useTestPlatform();

  it('publishing it creates a Temporal Schedule with its cron in Vietnam time; a scheduled run is readable like any other', async () => {
    const pub = await p.request('POST', '/api/v1/flows', flow({ type: 'schedule', cron: '0 8 15 * *', timezone: 'Asia/Ho_Chi_Minh' }));
    expect(pub.status, JSON.stringify(pub.body)).toBe(201);
    const d = await p.services.schedules.describe('nhac-han-bao-cao');
    expect(d.timezone).toBe('Asia/Ho_Chi_Minh');
    expect(d.nextRuns.length).toBeGreaterThan(0);
    // The next run falls on the 15th at 08:00 in Vietnam (01:00 UTC).
    expect(d.nextRuns[0]?.toISOString()).toMatch(/-15T01:00:00/);

    await p.services.schedules.trigger('nhac-han-bao-cao');
    let runs: { runId: string; status: string }[] = [];
    for (let i = 0; i < 60 && !runs.some((r) => r.status === 'completed'); i++) {
      await new Promise((r) => setTimeout(r, 500));
      runs = (await p.request('GET', '/api/v1/runs?flowKey=nhac-han-bao-cao&trigger=schedule')).body.runs ?? [];
    }
    const run = runs.find((r) => r.status === 'completed');
    expect(run).toBeDefined();
    const view = await p.request('GET', `/api/v1/runs/${encodeURIComponent(run?.runId ?? '')}`);
    expect(view.status).toBe(200);
    expect(view.body.output).toEqual({ reminder: 'Hạn nộp báo cáo KT-XH tháng là ngày 20', trigger: 'nhac-han-bao-cao' });
  });

  it('a later version with an API trigger removes the schedule', async () => {
    const pub = await p.request('POST', '/api/v1/flows', flow({ type: 'api' }));
    expect(pub.body.version).toBe(2);
    await expect(p.services.schedules.describe('nhac-han-bao-cao')).rejects.toThrow();
  });
});
