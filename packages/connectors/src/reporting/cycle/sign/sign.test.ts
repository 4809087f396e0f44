import { createPublicKey, generateKeyPairSync, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { cycleDeps } from '../cycle-test-deps.js';
import { signReport } from './index.js';

describe('reporting:cycle:sign', () => {
  const { privateKey } = generateKeyPairSync('ed25519');
  const privateKeyPem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  const document = '{"periodLabel":"2027-03","regimeCode":"BC-KTXH-THANG","values":[]}';

  it('signs the approved roll-up with the key named by id; the answer verifies and never holds the key', async () => {
    const recorded: unknown[] = [];
    const { deps } = cycleDeps({
      approveAggregate: () => Promise.resolve({ document, digest: 'd'.repeat(64), regimeCode: 'BC-KTXH-THANG', periodLabel: '2027-03' }),
      recordSignature: (i) => { recorded.push(i); return Promise.resolve(); },
    }, { type: 'signing-key', privateKeyPem });
    const out = await signReport.createActivity(deps)({ input: { aggregateId: 'tbc-1', approvedBy: 'user:lanhdao' }, credentialId: 'bao-cao-ky-so', idempotencyKey: 'r/ky' }) as { signature: { value: string; keyId: string } };
    expect(out.signature).toMatchObject({ keyId: 'bao-cao-ky-so', algorithm: 'Ed25519' });
    expect(verify(null, Buffer.from(document), createPublicKey(privateKey), Buffer.from(out.signature.value, 'base64'))).toBe(true);
    expect(recorded).toEqual([{ aggregateId: 'tbc-1', signature: out.signature }]);
    expect(JSON.stringify(out)).not.toContain('PRIVATE KEY');
  });

  it('a key credential without a private key is a coded error', async () => {
    const { deps } = cycleDeps({ approveAggregate: () => Promise.resolve({ document, digest: 'd', regimeCode: 'R', periodLabel: '2027' }) }, { type: 'signing-key' });
    await expect(signReport.createActivity(deps)({ input: { aggregateId: 'tbc-1', approvedBy: 'u' }, credentialId: 'k', idempotencyKey: 'r/ky' }))
      .rejects.toMatchObject({ code: 'REPORT_SIGNING_KEY_INVALID' });
  });
});
