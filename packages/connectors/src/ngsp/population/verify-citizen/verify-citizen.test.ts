import { describe, expect, it } from 'vitest';
import { exampleTests, faultTests, noSecretLeakTest, useHarness } from '../../../testing/harness.js';
import { verifyCitizen } from './index.js';

const input = { purpose: '1.001193', officerId: '051085000111', citizenId: '051090123456', fullName: 'NGUYỄN VĂN AN', birthDate: '19900512' };

describe('ngsp:population:verifyCitizen', () => {
  const h = useHarness();
  exampleTests(h, verifyCitizen);
  faultTests(h, { mod: verifyCitizen, input, operation: 'population.XacThucThongTinCongDan' });

  it('a SOAP Fault is a business rejection with the remote code kept', async () => {
    const err = await h().fail(verifyCitizen, { ...input, citizenId: '12345678901x' }).catch((e: unknown) => e);
    // The manifest's input schema refuses a malformed ID before any request is sent.
    expect((err as { code: string }).code).toBe('CONNECTOR_INPUT_INVALID');
    h().credentials.set('ngsp-population-noint', { type: 'ngsp-population', baseUrl: h().sim.url });
    const rejected = await h().fail(verifyCitizen, input, { credentialId: 'ngsp-population-noint' });
    expect(rejected.code).toBe('CONNECTOR_REJECTED');
    expect(rejected.params.remoteCode).toBe('INVALID_INPUT');
    expect(rejected.retryable).toBe(false);
  });

  it('every retry of a step sends the same MaYeuCau', async () => {
    h().sim.faults.set('population.XacThucThongTinCongDan', { status: 503, count: 1 });
    await expect(h().run(verifyCitizen, input, { key: 'run-42/verify' })).rejects.toMatchObject({ code: 'CONNECTOR_UNAVAILABLE' });
    const first = await h().run(verifyCitizen, input, { key: 'run-42/verify' });
    const again = await h().run(verifyCitizen, input, { key: 'run-42/verify' });
    expect(again.requestId).toBe(first.requestId);
    const other = await h().run(verifyCitizen, input, { key: 'run-43/verify' });
    expect(other.requestId).not.toBe(first.requestId);
  });

  it('a credential of the wrong type is refused before any call', async () => {
    const err = await h().fail(verifyCitizen, input, { credentialId: 'ioc' });
    expect(err.code).toBe('CONNECTOR_CREDENTIAL_WRONG_TYPE');
  });

  noSecretLeakTest(h);
});
