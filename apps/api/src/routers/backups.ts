import { z } from 'zod';
import { iso } from '../auth/guard.js';
import { createTRPCRouter, procedure } from '../trpc.js';

// Scheduled backups: whether they are on, where they go and the retention rule (never the key), and each run's result.
const Backup = z.object({
  id: z.number().int(), startedAt: z.string(), finishedAt: z.string(), outcome: z.enum(['ok', 'failed']), file: z.string().nullable(),
  bytes: z.number().int().nullable(), tables: z.number().int(), rows: z.number().int(), verifiedAt: z.string().nullable(), pruned: z.array(z.string()), error: z.string().nullable(),
});
const Status = z.union([
  z.object({ enabled: z.literal(false), reason: z.enum(['no-dir', 'no-key']) }),
  z.object({ enabled: z.literal(true), dir: z.string(), keepDaily: z.number().int(), keepMonthly: z.number().int(), everyMs: z.number().int(), keySource: z.enum(['key-file', 'passphrase']) }),
]);

export const backupsRouter = createTRPCRouter({
  list: procedure
    .meta({ requires: 'backups.read', scope: 'platform', systems: false, rest: { method: 'GET', path: '/backups', summary: 'Sao lưu định kỳ: cấu hình và kết quả từng lần / Scheduled backups: settings and each run\'s result', tags: ['backups'], query: ['limit'] } })
    .input(z.object({ limit: z.coerce.number().int().min(1).max(500).optional() }))
    .output(z.object({ status: Status, backups: z.array(Backup) }))
    .query(async ({ ctx, input }) => {
      const rows = await ctx.services.backups.list(input.limit ?? 100);
      return {
        status: await ctx.services.backups.status(),
        backups: rows.map((b) => ({ id: b.id, startedAt: b.startedAt.toISOString(), finishedAt: b.finishedAt.toISOString(), outcome: b.outcome, file: b.file, bytes: b.bytes,
          tables: Object.keys(b.counts ?? {}).length, rows: Object.values(b.counts ?? {}).reduce((a, n) => a + n, 0), verifiedAt: iso(b.verifiedAt), pruned: b.pruned, error: b.error })),
      };
    }),
});
