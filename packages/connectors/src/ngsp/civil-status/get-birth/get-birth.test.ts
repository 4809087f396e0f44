import { describe, expect, it } from 'vitest';
import { exampleTests, faultTests, noSecretLeakTest, useHarness } from '../../../testing/harness.js';
import { getBirth } from './index.js';

const input = { purpose: { procedureCode: '1.001193.000.00.00.H48' }, officerId: '051085000111', citizenId: '051326000123' };

describe('ngsp:civil-status:getBirth', () => {
  const h = useHarness();
  exampleTests(h, getBirth);
  faultTests(h, { mod: getBirth, input, operation: 'civil.getBirth' });

  it('a business rejection is not retried and keeps the remote code', async () => {
    const err = await h().fail(getBirth, { ...input, fullName: 'TRẦN VĂN KHÁC' });
    expect(err).toMatchObject({ code: 'CONNECTOR_REJECTED', retryable: false, params: { remoteCode: 'MISMATCH' } });
  });

  noSecretLeakTest(h);
});
