import { describe, expect, it } from 'vitest';
import { exampleTests, faultTests, noSecretLeakTest, useHarness } from '../../../testing/harness.js';
import { getDeath } from './index.js';

const input = { purpose: { procedureCode: '1.001193.000.00.00.H48' }, officerId: '051085000111', citizenId: '051045000321' };

describe('ngsp:civil-status:getDeath', () => {
  const h = useHarness();
  exampleTests(h, getDeath);
  faultTests(h, { mod: getDeath, input, operation: 'civil.getDeath' });

  it('a business rejection is not retried and keeps the remote code', async () => {
    const err = await h().fail(getDeath, { ...input, citizenId: '051090123456' });
    expect(err).toMatchObject({ code: 'CONNECTOR_REJECTED', retryable: false, params: { remoteCode: 'NOT_FOUND' } });
  });

  noSecretLeakTest(h);
});
