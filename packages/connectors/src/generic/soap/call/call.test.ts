import { describe, expect, it } from 'vitest';
import { outboundKey } from '../../../sdk/idempotency.js';
import { exampleTests, faultTests, noSecretLeakTest, useHarness } from '../../../testing/harness.js';
import { soapCall } from './index.js';

const input = { path: '/ngsp/dancu', namespace: 'http://dancuquocgia.bca', operation: 'XacThucThongTinCongDan', requestIdParam: 'MaYeuCau',
  params: { MaDVC: '1.001193', MaTichHop: '003', MaCanBo: '051085000111', SoDinhDanh: '051048000155', HoVaTen: 'PHẠM VĂN LỢI', NgayThangNamSinh: { Nam: '1948' } } };

describe('generic:soap:call', () => {
  const h = useHarness();
  // The examples call the population DB: their credential is the simulator root, not /generic.
  it('(setup: the default http credential points at the simulator root for SOAP)', () => {
    h().credentials.set('http', { type: 'http', baseUrl: h().sim.url, auth: 'none' });
    expect(h().credentials.get('http')?.baseUrl).toBe(h().sim.url);
  });
  exampleTests(h, soapCall);
  faultTests(h, { mod: soapCall, input, operation: 'population.XacThucThongTinCongDan', credentialId: 'http-sim' });

  it('the step key becomes MaYeuCau, the same for every retry', async () => {
    const out = await h().run(soapCall, input, { key: 'run-s/soap', credentialId: 'http-sim' });
    expect(out.response).toMatchObject({ MaYeuCau: outboundKey('run-s/soap'), KetQuaXacThuc: { TonTai: 'true' } });
  });

  it('a fault declared transient is retryable', async () => {
    const err = await h().fail(soapCall, { ...input, params: { ...input.params, SoDinhDanh: '0510' }, transientFaults: ['INVALID_INPUT'] }, { credentialId: 'http-sim' });
    expect(err).toMatchObject({ code: 'CONNECTOR_UNAVAILABLE', retryable: true });
  });

  noSecretLeakTest(h);
});
