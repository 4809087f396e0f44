import { z } from 'zod';
import { LtError } from '@lienthong/errors';
import { createTRPCRouter, procedure } from '../trpc.js';
import { readRun } from './runs.js';

const Divergence = z.object({ message: z.string(), eventId: z.number().int().optional(), eventType: z.string().optional(), activityType: z.string().optional(), patch: z.string().optional() });

export const bundlesRouter = createTRPCRouter({
  // Public on purpose: a public key is no secret (HKDF from the master key is one-way), and whoever holds a bundle — an
  // auditor, an inspector, a court, another agency — must be able to check it without an account here. Pinning it is
  // what makes a bundle's signature mean something (docs/security.md, "Gói bằng chứng / Evidence bundles").
  signingKey: procedure
    .meta({ requires: 'public', scope: 'public', rest: { method: 'GET', path: '/audit/signing-key', summary: 'Khóa công khai ký gói bằng chứng và dấu vân tay / The evidence-bundle signing public key and its fingerprint', tags: ['audit'] } })
    .input(z.object({}).optional())
    .output(z.object({ alg: z.literal('Ed25519'), publicKey: z.string(), fingerprint: z.string() }))
    .query(({ ctx }) => ctx.services.evidence.signingKey()),

  // The server-side `lienthong replay`: the run's recorded history replayed on this install's worker build. Who may
  // export a run's bundle may verify it (audit.read, agency-scoped); audited like the export.
  verifyReplay: procedure
    .meta({ requires: 'audit.read', scope: 'agency', rest: { method: 'POST', path: '/runs/{runId}/verify-replay', summary: 'Kiểm tra phát lại lịch sử lượt chạy trên bản worker hiện tại / Verify replay of the run\'s history on the current worker build', tags: ['runs', 'audit'] } })
    .input(z.object({ runId: z.string() }))
    .output(z.object({ runId: z.string(), deterministic: z.boolean(), divergence: Divergence.optional(), problem: z.string().optional(), workflowsBuild: z.string() }))
    .mutation(async ({ ctx, input }) => {
      // Past retention its data keys are gone: the archive says so at once (Temporal deletes the history later).
      const record = await ctx.services.retention.get(input.runId, ctx.access.caller('audit.read')).catch(() => undefined);
      if (record?.destroyed) throw new LtError('RUN_DATA_DESTROYED', { runId: input.runId, destroyedAt: record.retention.destroyedAt ?? '' });
      await readRun(ctx, input.runId, 'audit.read');
      return { runId: input.runId, ...(await ctx.services.evidence.verifyReplay(input.runId)) };
    }),
});
