import pg from 'pg';
import { LtError } from '@lienthong/errors';
import { field, operation } from '../../../sdk/operation.js';
import { manifest } from './manifest.js';

export const SYSTEM = 'PostgreSQL';

interface Input { sql: string; params?: (string | number | boolean | null)[]; readOnly?: boolean; maxRows?: number; timeoutMs?: number }

/** SQLSTATE → our classification (class 08 connection, 57 operator intervention, 40 transaction rollback, 28 auth). */
export function classifyPgError(err: unknown, timeoutMs: number, credentialId = '(none)'): LtError {
  const e = err as { code?: string; message?: string };
  const code = e.code ?? '';
  // 42601 is also every syntax error; only this message means several statements in one step.
  if (code === '42601' && /multiple commands/i.test(e.message ?? '')) return new LtError('CONNECTOR_SQL_MULTIPLE_STATEMENTS', {});
  if (code === '25006') return new LtError('CONNECTOR_SQL_READ_ONLY', { credentialId });
  if (code === '57014') return new LtError('CONNECTOR_TIMEOUT', { system: SYSTEM, ms: timeoutMs });
  if (code.startsWith('08') || code === '57P01' || code === '57P02' || code === '57P03' || ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND'].includes(code)) {
    return new LtError('CONNECTOR_NETWORK', { system: SYSTEM, detail: code });
  }
  if (code === '40001' || code === '40P01' || code === '53300') return new LtError('CONNECTOR_UNAVAILABLE', { system: SYSTEM, httpStatus: 503, detail: code });
  if (code.startsWith('28')) return new LtError('CONNECTOR_AUTH_FAILED', { system: SYSTEM, detail: code });
  // Syntax, permissions, constraint violations, writes in a read-only transaction: retrying changes nothing.
  return new LtError('CONNECTOR_REJECTED', { system: SYSTEM, remoteCode: code || 'ERROR', detail: (e.message ?? '').slice(0, 200) });
}

export const createActivity = operation<Input>(manifest, SYSTEM, async ({ input, credential, call }) => {
    const timeoutMs = input.timeoutMs ?? 30_000;
    const maxRows = input.maxRows ?? 1000;
    // Writes need both: the connection declared read-write by whoever stored it, and the step asking for it.
    const readWrite = credential.readWrite === true;
    if (input.readOnly === false && !readWrite) throw new LtError('CONNECTOR_SQL_READ_ONLY', { credentialId: call.credentialId ?? '(none)' });
    const writing = input.readOnly === false;
    const client = new pg.Client({ connectionString: field(credential, 'connectionString'), connectionTimeoutMillis: Math.min(timeoutMs, 10_000), statement_timeout: timeoutMs,
      // A read-only session too, so even a statement that ends our transaction cannot write.
      ...(writing ? {} : { options: '-c default_transaction_read_only=on' }) });
    client.on('error', () => undefined); // a server-side close after the query is not this step's failure
    try {
      await client.connect();
      await client.query(writing ? 'BEGIN' : 'BEGIN READ ONLY');
      // Extended-query protocol always (even without parameters): it takes exactly one statement, so
      // `commit; delete from …` cannot end the read-only transaction and run a second one.
      const statement: pg.QueryConfig & { queryMode: 'extended' } = { text: input.sql, values: input.params ?? [], queryMode: 'extended' }; // pg ≥ 8.12; not in @types/pg
      const res = await client.query(statement);
      await client.query('COMMIT');
      const rows = (res.rows ?? []) as Record<string, unknown>[];
      return { rows: rows.slice(0, maxRows).map(plain), rowCount: res.rowCount ?? rows.length, truncated: rows.length > maxRows };
    } catch (err) {
      if (err instanceof LtError) throw err;
      throw classifyPgError(err, timeoutMs, call.credentialId);
    } finally {
      await client.end().catch(() => undefined);
    }
});

/** JSON-safe values: dates as ISO strings, bigints and numerics as strings, bytes as base64. */
function plain(row: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v instanceof Date ? v.toISOString() : Buffer.isBuffer(v) ? v.toString('base64') : typeof v === 'bigint' ? v.toString() : v]));
}
