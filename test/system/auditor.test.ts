import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.js';

const cli = fileURLToPath(new URL('../../apps/cli/dist/main.js', import.meta.url));
const dossierNo = `000.25.94.H48-260115-${String(Math.floor(1000 + Math.random() * 8999))}`;
const input = { dossierNo, procedureCode: '1.001193.000.00.00.H48', officerId: '051085000111',
  applicant: { soDinhDanh: '051302000777', hoVaTen: 'ĐINH THỊ HOA', ngaySinh: '20020721' } };

describe('an auditor answers "what happened to this dossier" and proves it', () => {
  let p: TestPlatform;
  let auditor: string;
  let runId: string;
  beforeAll(async () => {
    p = await startTestPlatform();
    const created = await p.request('POST', '/api/v1/users', { username: 'kiem-toan', roles: [{ role: 'auditor' }] });
    expect(created.status).toBeLessThan(300);
    auditor = await p.login('kiem-toan', created.body.password);
    const run = await p.request('POST', '/api/v1/flows/xac-thuc-cong-dan/runs', input);
    expect(run.body.status).toBe('completed');
    runId = run.body.runId;
  });
  afterAll(async () => { await p?.stop(); });

  it('finds the run by its dossier number', async () => {
    const res = await p.requestAs(auditor, 'GET', `/api/v1/runs?businessKey=${encodeURIComponent(`dossierNo=${dossierNo}`)}`);
    expect(res.status).toBe(200);
    expect(res.body.runs).toHaveLength(1);
    expect(res.body.runs[0]).toMatchObject({ runId, flowKey: 'xac-thuc-cong-dan', version: 1, status: 'completed', businessKeys: [`dossierNo=${dossierNo}`] });
  });

  it('reads its step timeline: the national lookup scheduled, started, completed', async () => {
    const res = await p.requestAs(auditor, 'GET', `/api/v1/runs/${runId}/timeline`);
    expect(res.status).toBe(200);
    const steps = res.body.filter((e: { activity?: string }) => e.activity === 'ngsp:population:verifyCitizen@1').map((e: { type: string }) => e.type);
    expect(steps).toEqual(['ACTIVITY_TASK_SCHEDULED', 'ACTIVITY_TASK_STARTED', 'ACTIVITY_TASK_COMPLETED']);
    expect(res.body.at(-1).type).toBe('WORKFLOW_EXECUTION_COMPLETED');
  });

  it('exports the signed bundle, and `lienthong replay` reports it deterministic', async () => {
    const res = await p.requestAs(auditor, 'GET', `/api/v1/runs/${runId}/bundle`);
    expect(res.status).toBe(200);
    const file = join(mkdtempSync(join(tmpdir(), 'lt-bundle-')), 'bundle.json');
    writeFileSync(file, JSON.stringify(res.body));
    const r = spawnSync(process.execPath, [cli, 'replay', file], { env: { ...process.env, LT_MASTER_KEY: p.masterKey }, encoding: 'utf8', timeout: 120_000 });
    expect(r.stderr + r.stdout).toContain('phát lại khớp');
    expect(JSON.parse(r.stdout.slice(0, r.stdout.lastIndexOf('}') + 1))).toMatchObject({ verified: true, deterministic: true });
    expect(r.status).toBe(0);
  });

  it('an agency viewer of another agency cannot see or export the run', async () => {
    const created = await p.request('POST', '/api/v1/users', { username: 'xem-cq-khac', roles: [{ role: 'agency-viewer', agency: '000.00.91.H48' }] });
    const viewer = await p.login('xem-cq-khac', created.body.password);
    const search = await p.requestAs(viewer, 'GET', `/api/v1/runs?businessKey=${encodeURIComponent(`dossierNo=${dossierNo}`)}`);
    expect(search.body.runs ?? []).toHaveLength(0);
    expect((await p.requestAs(viewer, 'GET', `/api/v1/runs/${runId}/bundle`)).status).toBe(404);
  });
});
