import { z } from 'zod';
import { createTRPCRouter, procedure } from '../trpc.js';

export const bundlesRouter = createTRPCRouter({
  // Public on purpose: a public key is no secret (HKDF from the master key is one-way), and whoever holds a bundle — an
  // auditor, an inspector, a court, another agency — must be able to check it without an account here. Pinning it is
  // what makes a bundle's signature mean something (docs/security.md, "Gói bằng chứng / Evidence bundles").
  signingKey: procedure
    .meta({ requires: 'public', scope: 'public', rest: { method: 'GET', path: '/audit/signing-key', summary: 'Khóa công khai ký gói bằng chứng và dấu vân tay / The evidence-bundle signing public key and its fingerprint', tags: ['audit'] } })
    .input(z.object({}).optional())
    .output(z.object({ alg: z.literal('Ed25519'), publicKey: z.string(), fingerprint: z.string() }))
    .query(({ ctx }) => ctx.services.evidence.signingKey()),
});
