import { describe, expect, inject, it } from 'vitest';
import { useRawTemporalClient, useTestPlatform } from '../helpers/suite.js';

const citizen = { soDinhDanh: '051185004321', hoVaTen: 'TRẦN THỊ BÍCH NGỌC', ngaySinh: '19851103' };
const body = { dossierNo: '000.25.94.H48-260115-0042', procedureCode: '1.001193.000.00.00.H48', officerId: '051085000111', applicant: citizen };

describe('personal data in Temporal histories', () => {
  const p = useTestPlatform();
  // A client WITHOUT the codec sees what the Temporal server stores.
  const raw = useRawTemporalClient();

  it('the stored history holds only encrypted payloads, while the API shows the run decrypted', async () => {
    const res = await p.request('POST', '/api/v1/flows/xac-thuc-cong-dan/runs', body);
    expect(res.body.output.result).toBe('MATCH');
    const history = JSON.stringify(await raw.workflow.getHandle(res.body.runId).fetchHistory());
    for (const secret of [citizen.soDinhDanh, citizen.hoVaTen, 'TRẦN', body.dossierNo]) {
      expect(history).not.toContain(secret);
      expect(history).not.toContain(Buffer.from(secret).toString('base64'));
    }
    expect(history).toContain(Buffer.from('binary/encrypted').toString('base64'));
    const run = await p.request('GET', `/api/v1/runs/${res.body.runId}`);
    expect(run.body.output.dossierNo).toBe(body.dossierNo);
  });
});

describe('the embedded Temporal database file', () => {
  it('holds no clear personal data after a run (the SQLite file is grepped)', async () => {
    const { existsSync, mkdtempSync, readFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { randomBytes } = await import('node:crypto');
    const { startDevServer } = await import('@lienthong/temporal');
    const { startPlatform } = await import('@lienthong/cli');
    const { freshDatabase } = await import('../helpers/database.js');
    const net = await import('node:net');
    const freePort = () => new Promise<number>((resolve) => { const s = net.createServer().listen(0, '127.0.0.1', () => { const a = s.address() as { port: number }; s.close(() => resolve(a.port)); }); });

    const dbFile = join(mkdtempSync(join(tmpdir(), 'lt-temporal-file-')), 'temporal.db');
    const server = await startDevServer({ cli: inject('temporalCli'), dbFile, port: await freePort(), uiPort: await freePort() });
    const db = await freshDatabase();
    const adminPassword = `lt-${randomBytes(8).toString('hex')}`; // the password policy refuses one containing the username
    const platform = await startPlatform({ db, masterKey: randomBytes(32).toString('base64'), adminPassword, temporal: { address: server.address, namespace: 'default' }, log: () => () => undefined });
    try {
      const login = await (await fetch(`${platform.apiUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: adminPassword }) })).json() as { token: string };
      const res = await fetch(`${platform.apiUrl}/api/v1/flows/xac-thuc-cong-dan/runs`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${login.token}` }, body: JSON.stringify(body) });
      expect(((await res.json()) as { output: { result: string } }).output.result).toBe('MATCH');
    } finally {
      await platform.stop();
      await db.close();
      await server.stop();
    }
    // The database and its write-ahead log (WAL mode: recent pages may still be in the -wal file): everything on disk.
    const file = Buffer.concat([dbFile, `${dbFile}-wal`].filter((f) => existsSync(f)).map((f) => readFileSync(f)));
    // The dossier number is a declared business key: searchable on purpose (visibility), and not personal data.
    expect(file.includes(Buffer.from(`dossierNo=${body.dossierNo}`))).toBe(true);
    for (const secret of [citizen.soDinhDanh, citizen.hoVaTen, 'BÍCH NGỌC', citizen.ngaySinh]) {
      expect(file.includes(Buffer.from(secret)), `${secret} in the Temporal database file`).toBe(false);
      expect(file.includes(Buffer.from(Buffer.from(secret).toString('base64'))), `${secret} (base64) in the Temporal database file`).toBe(false);
    }
    expect(file.includes(Buffer.from('xac-thuc-cong-dan'))).toBe(true); // the file is the one the run went to
  });
});
