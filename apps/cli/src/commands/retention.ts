import { createServices } from '@lienthong/services';
import { masterKeyFrom } from '@lienthong/db';
import { connectClient, EncryptionCodec, payloadKeyFromMaster } from '@lienthong/temporal';
import { manifests } from '@lienthong/connectors/manifests';
import { loadConfig } from '../config.js';
import { openDatabase } from './db.js';

const usage = `lienthong retention sweep   lưu trữ lượt chạy đã xong, hủy dữ liệu hết hạn lưu trữ / archive finished runs, destroy expired run data
`;

/**
 * `lienthong retention sweep`: what the platform's periodic job does, once, now. Finished runs are archived under
 * their own data keys; runs past their flow's retention lose their key, their sealed data and their Temporal
 * execution, keeping the audit metadata.
 */
export async function retentionCommand(argv: string[]): Promise<number> {
  if (argv[0] !== 'sweep') { process.stdout.write(usage); return 2; }
  const cfg = loadConfig();
  const db = await openDatabase();
  const temporal = await connectClient({ address: cfg.temporalAddress ?? `127.0.0.1:${cfg.temporalPort}`, namespace: cfg.temporalNamespace },
    { codec: new EncryptionCodec(payloadKeyFromMaster(cfg.masterKey)) });
  try {
    const services = createServices({ db: db.db, temporal, manifests, masterKey: masterKeyFrom(cfg.masterKey) });
    const r = await services.retention.tick();
    await services.audit.flush();
    process.stdout.write(`Đã lưu trữ / archived: ${r.archived} · đã hủy dữ liệu / data destroyed: ${r.destroyed.length}${r.destroyed.length ? ` (${r.destroyed.join(', ')})` : ''}\n`);
    return 0;
  } finally {
    await temporal.connection.close();
    await db.close();
  }
}
