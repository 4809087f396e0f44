import { readFileSync } from 'node:fs';
import { masterKeyFrom } from '@lienthong/db';
import { createAuditService, createConnectionService, type ConnectionSecrets } from '@lienthong/services';
import { loadConfig } from '../config.js';
import { openDatabase, parseFlags } from './db.js';

const usage = `lienthong connection list
lienthong connection test <id>           gọi thao tác đọc rẻ nhất của hệ thống / the system's cheapest read
lienthong connection rotate <id> [--set <field>=<value>]… [--client-cert <pem file> --client-key <pem file>]
                                         [--ca <pem file>] [--proxy <url>]
      xoay vòng bí mật: bước đang chạy dở giữ phiên bản cũ / rotate secrets: steps in flight keep the old version
      (giá trị bí mật đọc từ tệp hoặc cờ, không bao giờ in ra / secret values come from files or flags, never printed)
`;

/** `lienthong connection …`: connections from the command line (stop a PGlite-backed platform first: one process per data dir). */
export async function connectionCommand(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  const { positional, flags } = parseFlags(rest);
  const id = positional[0];
  if (!sub || (sub !== 'list' && !id)) { process.stdout.write(usage); return 2; }
  const db = await openDatabase();
  try {
    const connections = createConnectionService(db.db, masterKeyFrom(loadConfig().masterKey));
    switch (sub) {
      case 'list':
        for (const c of await connections.list()) {
          const path = [c.transport.proxy ? `proxy ${c.transport.proxy}` : '', c.transport.caCert ? 'CA' : '', c.transport.clientCert ? 'mTLS' : ''].filter(Boolean).join(', ');
          process.stdout.write(`${c.id}\t${c.family}\t${c.environment}\tv${c.version}\t${c.endpoint}${path ? `\t(${path})` : ''}\n`);
        }
        return 0;
      case 'test': {
        const r = await connections.test(id as string);
        process.stdout.write(r.ok ? `OK (${r.checked}, ${r.ms} ms)\n` : `${r.kind}: ${r.code ?? ''}\n  ${r.message?.vi ?? ''}\n  ${r.message?.en ?? ''}\n`);
        return r.ok ? 0 : 1;
      }
      case 'rotate': {
        const file = (f: string | undefined) => (f ? readFileSync(f, 'utf8') : undefined);
        const credential = Object.fromEntries((flags.set ?? []).map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]).filter(([k]) => k));
        const secrets: ConnectionSecrets = {
          ...(Object.keys(credential).length > 0 ? { credential } : {}),
          ...(flags['client-cert']?.[0] ? { clientCert: file(flags['client-cert'][0]) as string } : {}),
          ...(flags['client-key']?.[0] ? { clientKey: file(flags['client-key'][0]) as string } : {}),
          ...(flags.ca?.[0] ? { caCert: file(flags.ca[0]) as string } : {}),
          ...(flags.proxy?.[0] ? { proxyUrl: flags.proxy[0] } : {}),
        };
        const by = `cli:${process.env.USER ?? 'unknown'}`;
        const v = await connections.update(id as string, { secrets }, by);
        await createAuditService(db.db).record({ actorType: 'platform', actorId: by, action: 'connections.update', outcome: 'ok', detail: { connectionId: id, version: v.version, fields: Object.keys(secrets) } });
        process.stdout.write(`Đã xoay vòng / rotated ${v.id}: v${v.version}\n`);
        return 0;
      }
      default:
        process.stdout.write(usage);
        return 2;
    }
  } finally {
    await db.close();
  }
}
