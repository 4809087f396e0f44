import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.js';

const citizen = { soDinhDanh: '051185004321', hoVaTen: 'TRẦN THỊ BÍCH NGỌC', ngaySinh: '19851103' };
const body = { dossierNo: '000.25.94.H48-260115-0042', procedureCode: '1.001193.000.00.00.H48', officerId: '051085000111', applicant: citizen };

describe('personal data in Temporal histories', () => {
  let p: TestPlatform;
  let raw: Client;
  beforeAll(async () => {
    p = await startTestPlatform();
    // A client WITHOUT the codec sees what the Temporal server stores.
    raw = new Client({ connection: await Connection.connect({ address: inject('temporalAddress') }) });
  });
  afterAll(async () => {
    await raw?.connection.close();
    await p?.stop();
  });

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
