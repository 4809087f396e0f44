import { describe, expect, it } from 'vitest';
import { exampleTests, faultTests, noSecretLeakTest, useHarness } from '../../../testing/harness.js';
import { getParticipation } from './index.js';

const input = { purpose: { procedureCode: '1.001193.000.00.00.H48' }, officerId: '051085000111', citizenId: '051090123456' };

describe('ngsp:social-insurance:getParticipation', () => {
  const h = useHarness();
  exampleTests(h, getParticipation);
  faultTests(h, { mod: getParticipation, input, operation: 'insurance.getParticipation' });

  it('a business rejection is not retried and keeps the remote code', async () => {
    const err = await h().fail(getParticipation, { ...input, citizenId: '084205000999' });
    expect(err).toMatchObject({ code: 'CONNECTOR_REJECTED', retryable: false, params: { remoteCode: 'NOT_FOUND' } });
  });

  noSecretLeakTest(h);
});
