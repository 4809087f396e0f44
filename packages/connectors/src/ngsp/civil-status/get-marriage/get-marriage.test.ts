import { describe, expect, it } from 'vitest';
import { exampleTests, faultTests, noSecretLeakTest, useHarness } from '../../../testing/harness.js';
import { getMarriage } from './index.js';

const input = { purpose: { procedureCode: '1.001193.000.00.00.H48' }, officerId: '051085000111', citizenId: '051090123456' };

describe('ngsp:civil-status:getMarriage', () => {
  const h = useHarness();
  exampleTests(h, getMarriage);
  faultTests(h, { mod: getMarriage, input, operation: 'civil.getMarriage' });

  it('a business rejection is not retried and keeps the remote code', async () => {
    const err = await h().fail(getMarriage, { ...input, citizenId: '051048000155' });
    expect(err).toMatchObject({ code: 'CONNECTOR_REJECTED', retryable: false, params: { remoteCode: 'NOT_FOUND' } });
  });

  noSecretLeakTest(h);
});
