import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changedWorkflows } from '../helpers/changed-interpreter.js';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.js';

const cli = fileURLToPath(new URL('../../apps/cli/dist/main.js', import.meta.url));
/** The worker build this install runs, named explicitly, and a deliberately changed copy of its interpreter. */
const releasedWorkflows = fileURLToPath(new URL('../../apps/worker/dist/workflows/index.js', import.meta.url));
const dossierNo = `000.25.94.H48-260115-${String(Math.floor(1000 + Math.random() * 8999))}`;
const input = { dossierNo, procedureCode: '1.001193.000.00.00.H48', officerId: '051085000111',
  applicant: { soDinhDanh: '051302000777', hoVaTen: 'ĐINH THỊ HOA', ngaySinh: '20020721' } };

describe('an auditor answers "what happened to this dossier" and proves it', () => {
  let p: TestPlatform;
  let auditor: string;
  let runId: string;
  let bundleFile: string;
  let platformKeyFile: string;
  // Pinned to the platform's published signing key (without it the signer is reported unverified: bundle-trust.test.ts).
  const replay = (...args: string[]) => {
    const r = spawnSync(process.execPath, [cli, 'replay', bundleFile, '--public-key', platformKeyFile, ...args], { env: { ...process.env, LT_MASTER_KEY: p.masterKey }, encoding: 'utf8', timeout: 120_000 });
    // The report is pretty-printed JSON ending in a line "}", then one summary line for people.
    const end = r.stdout.indexOf('\n}\n') + 2;
    return { status: r.status, report: JSON.parse(r.stdout.slice(0, end)), summary: r.stdout.slice(end).trim(), output: r.stdout + r.stderr };
  };
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

  it('reads its step timeline: the national lookup completed, then the run', async () => {
    const res = await p.requestAs(auditor, 'GET', `/api/v1/runs/${runId}/timeline`);
    expect(res.status).toBe(200);
    const steps = res.body.filter((e: { activity?: string }) => e.activity === 'ngsp:population:verifyCitizen@1').map((e: { type: string }) => e.type);
    // A short read-only lookup runs as a local activity: one marker records it, with its attempt.
    expect(steps).toEqual(['LOCAL_ACTIVITY_COMPLETED']);
    expect(res.body.at(-1).type).toBe('WORKFLOW_EXECUTION_COMPLETED');
  });

  it('exports the signed bundle, and `lienthong replay` reports it deterministic', async () => {
    const res = await p.requestAs(auditor, 'GET', `/api/v1/runs/${runId}/bundle`);
    expect(res.status).toBe(200);
    bundleFile = join(mkdtempSync(join(tmpdir(), 'lt-bundle-')), 'bundle.json');
    writeFileSync(bundleFile, JSON.stringify(res.body));
    platformKeyFile = join(bundleFile, '..', 'platform.pem');
    writeFileSync(platformKeyFile, (await p.requestAs(auditor, 'GET', '/api/v1/audit/signing-key')).body.publicKey);
    const r = replay();
    expect(r.summary).toContain('phát lại khớp');
    expect(r.report).toMatchObject({ verified: true, deterministic: true });
    expect(r.status).toBe(0);
  });

  it('replayed against a deliberately changed interpreter, it reports the divergence and the event where it happens', () => {
    // The same worker build named explicitly agrees with the history…
    const same = replay('--workflows', releasedWorkflows);
    expect(same.report).toMatchObject({ verified: true, deterministic: true, workflowsPath: releasedWorkflows });
    expect(same.status).toBe(0);
    // …a build whose interpreter adds a timer before walking the plan does not: the run's first recorded command
    // (a patch marker or the population lookup's local-activity marker, as the interpreter goes) is not what it does there.
    const { events } = (JSON.parse(readFileSync(bundleFile, 'utf8')) as { history: { events: { eventId: string; eventType: string }[] } }).history;
    const firstCommand = events[events.findIndex((e) => e.eventType === 'EVENT_TYPE_WORKFLOW_TASK_COMPLETED') + 1];
    if (!firstCommand) throw new Error('no command in the history');
    const changed = replay('--workflows', changedWorkflows);
    expect(changed.status).toBe(1);
    expect(changed.report).toMatchObject({ verified: true, deterministic: false, workflowsPath: changedWorkflows,
      divergence: { eventId: Number(firstCommand.eventId), eventType: firstCommand.eventType.replace('EVENT_TYPE_', '') } });
    expect(changed.report.divergence.message).toMatch(/TMPRL1100|nondetermin/i);
    expect(changed.summary).toContain('KHÔNG khớp');
    expect(changed.summary).toContain(`at event ${firstCommand.eventId} ${firstCommand.eventType.replace('EVENT_TYPE_', '')}`);
  });

  it('refuses to replay against a worker build that is not there', () => {
    const r = spawnSync(process.execPath, [cli, 'replay', bundleFile, '--workflows', join(tmpdir(), 'no-such-build', 'index.js')], { env: { ...process.env, LT_MASTER_KEY: p.masterKey }, encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('Không tìm thấy mã workflow');
  });

  it('an agency viewer of another agency cannot see or export the run', async () => {
    const created = await p.request('POST', '/api/v1/users', { username: 'xem-cq-khac', roles: [{ role: 'agency-viewer', agency: '000.00.91.H48' }] });
    const viewer = await p.login('xem-cq-khac', created.body.password);
    const search = await p.requestAs(viewer, 'GET', `/api/v1/runs?businessKey=${encodeURIComponent(`dossierNo=${dossierNo}`)}`);
    expect(search.body.runs ?? []).toHaveLength(0);
    expect((await p.requestAs(viewer, 'GET', `/api/v1/runs/${runId}/bundle`)).status).toBe(404);
  });
});
