import { expect, it } from 'vitest';
import { lookupConnectorSuite } from '../../../testing/harness.js';
import { getEnterprise } from './index.js';

const input = { purpose: { procedureCode: '2.002345.000.00.00.H48' }, officerId: '051085000111', enterpriseCode: '4399000017' };

lookupConnectorSuite(getEnterprise, {
  input, operation: 'business.getEnterprise', rejected: { input: { ...input, enterpriseCode: '4399999999' }, remoteCode: 'NOT_FOUND' },
  more: (h) => {
    it('a wrong signing secret is an authentication failure, not retried, and the secret is not echoed', async () => {
      const good = h().credentials.get('ngsp-national') ?? { type: 'ngsp-national' };
      h().credentials.set('ngsp-national-bad', { ...good, secret: 'SIMSECRET-wrong-national-secret-99' });
      const err = await h().fail(getEnterprise, input, { credentialId: 'ngsp-national-bad' });
      expect(err).toMatchObject({ code: 'CONNECTOR_AUTH_FAILED', retryable: false });
      expect(JSON.stringify(err.toJSON())).not.toContain('SIMSECRET');
    });

    it('a reply in decomposed Unicode (NFD) comes out in NFC', async () => {
      h().sim.faults.set('business.getEnterprise', { encoding: 'nfd', count: 1 });
      const out = await h().run(getEnterprise, input);
      expect((out.record as { tenDoanhNghiep: string }).tenDoanhNghiep).toBe('CÔNG TY TNHH NÔNG SẢN SA HUỲNH'.normalize('NFC'));
    });

    it('a clock more than 5 minutes off is refused by the signature window, and says so', async () => {
      const skewed = { ...h().deps, clock: () => new Date(Date.now() - 11 * 60_000) };
      const err = await getEnterprise.createActivity(skewed)({ input, credentialId: 'ngsp-national', idempotencyKey: 'skew/1' }).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'CONNECTOR_AUTH_FAILED', params: { remoteCode: 'CLOCK_SKEW' } });
    });
  },
});
