import { describe, expect, it } from 'vitest';
import { expireSessions } from '@lienthong/simulators';
import { exampleTests, faultTests, noSecretLeakTest, useHarness } from '../../../testing/harness.js';
import { ngspCall } from './index.js';

const input = { dstcode: 'VN:GOV:000.00.00.G22:vpcpdvcprovider', path: 'LayThuTuc', body: { service: 'LayThuTuc', maTTHC: '2.001234' } };

describe('ngsp:generic:call', () => {
  const h = useHarness();
  exampleTests(h, ngspCall);
  faultTests(h, { mod: ngspCall, input, operation: 'dvcqg.LayThuTuc' });

  it('an expired session: logs in again once and the call succeeds', async () => {
    await h().run(ngspCall, input);
    expireSessions(h().sim);
    const before = h().sim.counters.snapshot()['ngsp.login']?.calls ?? 0;
    await expect(h().run(ngspCall, input)).resolves.toMatchObject({ status: 200 });
    expect(h().sim.counters.snapshot()['ngsp.login']?.calls).toBe(before + 1);
  });

  it('a 401 that persists after the re-login is an authentication failure, not retried', async () => {
    h().sim.faults.set('dvcqg.LayThuTuc', { status: 401, count: 2 });
    const err = await h().fail(ngspCall, input);
    expect(err).toMatchObject({ code: 'CONNECTOR_AUTH_FAILED', retryable: false });
  });

  it('a wrong password is an authentication failure and the password is not echoed', async () => {
    h().credentials.set('ngsp-adapter-bad', { ...h().credentials.get('ngsp-adapter'), type: 'ngsp-adapter', password: 'SIMSECRET-wrong-adapter-pw-1' });
    const err = await h().fail(ngspCall, input, { credentialId: 'ngsp-adapter-bad' });
    expect(err.code).toBe('CONNECTOR_AUTH_FAILED');
    expect(JSON.stringify(err.toJSON())).not.toContain('SIMSECRET');
  });

  it('with checkErrorCode false, a business error_code is returned as data', async () => {
    const out = await h().run(ngspCall, { ...input, body: { service: 'LayThuTuc', maTTHC: '9.999999' }, checkErrorCode: false });
    expect(out).toMatchObject({ status: 200, body: { error_code: '03' } });
  });

  noSecretLeakTest(h);
});
