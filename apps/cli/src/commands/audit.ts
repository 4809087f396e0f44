import type { Db } from '@lienthong/db';
import { auditCsv, createAuditService } from '@lienthong/services';
import { openDatabase, parseFlags } from './db.js';

const usage = `lienthong audit verify                    kiểm tra chuỗi băm / check the hash chain (exit 1 at the first broken link)
lienthong audit export [--format csv|json] [--from <ISO>] [--to <ISO>] [--agency <code>] [--limit N]
`;

/** `lienthong audit …`: verify the hash chain, export rows. */
export async function auditCommand(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub !== 'verify' && sub !== 'export') { process.stdout.write(usage); return 2; }
  const { flags } = parseFlags(rest);
  const db = await openDatabase();
  try {
    const audit = createAuditService(db.db);
    if (sub === 'verify') {
      const r = await auditVerify(db.db);
      process.stdout.write(r.text);
      return r.exitCode;
    }
    const f = (k: string) => flags[k]?.[0];
    const rows = await audit.search({ limit: Number(f('limit') ?? 10_000), ...(f('from') ? { from: new Date(f('from') as string) } : {}),
      ...(f('to') ? { to: new Date(f('to') as string) } : {}), ...(f('agency') ? { agency: f('agency') as string } : {}) });
    process.stdout.write(f('format') === 'json' ? `${JSON.stringify(rows, null, 2)}\n` : auditCsv(rows));
    return 0;
  } finally {
    await db.close();
  }
}

/** `lienthong audit verify` on a database: the report line and the exit code (1 at a broken link). */
export async function auditVerify(db: Db): Promise<{ exitCode: number; text: string; seq?: number }> {
  const r = await createAuditService(db).verify();
  if (r.ok) return { exitCode: 0, text: `OK: chuỗi nhật ký nguyên vẹn / the audit chain is intact (${r.checked} rows)\n` };
  const b = r.firstBroken as NonNullable<typeof r.firstBroken>;
  return { exitCode: 1, seq: b.seq, text: `BROKEN: liên kết hỏng đầu tiên tại dòng / first broken link at seq ${b.seq} (${b.reason}: ${b.detail}); ${r.checked} rows before it are intact\n` };
}
