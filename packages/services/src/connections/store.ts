import { and, asc, desc, eq, lt, lte, sql } from 'drizzle-orm';
import { LtError } from '@lienthong/errors';
import { connections, connectionVersions, credentials, decryptJson, encryptJson, grantedCredentials, type Db, type MasterKey } from '@lienthong/db';
import { CONNECTION_ID, ENVIRONMENTS, checkEndpoint, checkSecrets, mergeSecrets, secretFieldNames, toStored, transportView, type ConnectionInput, type ConnectionSecrets, type Environment, type StoredSecret } from './model.js';

export interface ConnectionView {
  id: string;
  name: string;
  family: string;
  environment: string;
  endpoint: string;
  timeoutMs: number | null;
  ratePerMinute: number | null;
  /** Names of the credential fields that are set; their values are write-only. */
  secretFields: string[];
  transport: { proxy: string | null; caCert: boolean; clientCert: boolean };
  version: number;
  updatedAt: Date;
  updatedBy: string | null;
}

export interface ConnectionChange {
  name?: string;
  environment?: Environment;
  endpoint?: string;
  timeoutMs?: number | null;
  ratePerMinute?: number | null;
  /** A rotation: given fields replace the stored ones, an empty string removes one. */
  secrets?: ConnectionSecrets;
}

/** How long a superseded version still serves the steps that started with it (their retries end well before). */
export const VERSION_GRACE_MS = 24 * 3_600_000;

const invalid = (pointer: string, en: string, vi: string) => new LtError('CONNECTION_INVALID', { pointer, detail: en, detailVi: vi }, { pointer });

/**
 * Connections: create, change and rotate (a new encrypted version each time; the current one is mirrored into the
 * `credentials` row of the same id, so grants, publishing and the existing store keep working), read for a step
 * (the version current when the step was scheduled). Secret values are read only by `secretOf` for the worker and
 * the connection test; no method returns them to a caller.
 */
export function createConnectionStore(db: Db, mk: MasterKey, older: readonly MasterKey[] = []) {
  const keys = new Map([mk, ...older].map((k) => [k.id, k]));
  const decrypt = (blob: string, keyId: string): StoredSecret => {
    const key = keys.get(keyId);
    if (!key) throw new Error(`connection secret encrypted under an unknown key ${keyId}`);
    return decryptJson<StoredSecret>(blob, key);
  };

  async function row(id: string) {
    const [r] = await db.select().from(connections).where(eq(connections.id, id));
    if (!r) throw new LtError('CONNECTION_NOT_FOUND', { connectionId: id }, { field: 'connectionId' });
    return r;
  }

  /** `on`: the open transaction when there is one (PGlite has one connection: a query beside it would wait forever). */
  async function current(id: string, version: number, on: Db = db): Promise<StoredSecret> {
    const [v] = await on.select().from(connectionVersions).where(and(eq(connectionVersions.connectionId, id), eq(connectionVersions.version, version)));
    if (!v) throw new Error(`connection ${id} has no version ${version}`);
    return decrypt(v.secret, v.keyId);
  }

  const view = (r: typeof connections.$inferSelect): ConnectionView => ({
    id: r.id, name: r.name, family: r.family, environment: r.environment, endpoint: r.endpoint, timeoutMs: r.timeoutMs, ratePerMinute: r.ratePerMinute,
    secretFields: r.secretFields, transport: r.transport, version: r.version, updatedAt: r.updatedAt, updatedBy: r.updatedBy,
  });

  function checkCommon(c: { name?: string; environment?: string; endpoint?: string; timeoutMs?: number | null; ratePerMinute?: number | null }): void {
    if (c.name !== undefined && c.name.trim() === '') throw invalid('/name', 'a name is needed', 'cần tên kết nối');
    if (c.environment !== undefined && !(ENVIRONMENTS as readonly string[]).includes(c.environment)) throw invalid('/environment', `one of ${ENVIRONMENTS.join(', ')}`, `một trong ${ENVIRONMENTS.join(', ')}`);
    if (c.endpoint !== undefined) checkEndpoint(c.endpoint);
    if (c.timeoutMs != null && (!Number.isInteger(c.timeoutMs) || c.timeoutMs < 100 || c.timeoutMs > 120_000)) throw invalid('/timeoutMs', 'between 100 and 120000 ms', 'từ 100 đến 120000 ms');
    if (c.ratePerMinute != null && (!Number.isInteger(c.ratePerMinute) || c.ratePerMinute < 1 || c.ratePerMinute > 100_000)) throw invalid('/ratePerMinute', 'between 1 and 100000 calls a minute', 'từ 1 đến 100000 lượt mỗi phút');
  }

  /** Writes version `version` and makes it current (connections row, credentials mirror), in one transaction. */
  async function writeVersion(tx: Db, id: string, family: string, version: number, stored: StoredSecret, by: string): Promise<void> {
    const secret = encryptJson(stored, mk);
    await tx.update(connectionVersions).set({ supersededAt: sql`now()` }).where(and(eq(connectionVersions.connectionId, id), sql`${connectionVersions.supersededAt} is null`));
    await tx.insert(connectionVersions).values({ connectionId: id, version, secret, keyId: mk.id, createdBy: by });
    const cred = { id, type: family, secret, keyId: mk.id };
    await tx.insert(credentials).values(cred).onConflictDoUpdate({ target: credentials.id, set: { ...cred, updatedAt: sql`now()` } });
    // Versions superseded longer ago than the grace period serve no step any more.
    await tx.delete(connectionVersions).where(and(eq(connectionVersions.connectionId, id), lt(connectionVersions.supersededAt, new Date(Date.now() - VERSION_GRACE_MS))));
  }

  return {
    async list(): Promise<ConnectionView[]> {
      return (await db.select().from(connections).orderBy(asc(connections.id))).map(view);
    },
    async get(id: string): Promise<ConnectionView> {
      return view(await row(id));
    },

    async create(input: ConnectionInput, by: string): Promise<ConnectionView> {
      if (!CONNECTION_ID.test(input.id)) throw invalid('/id', 'lower-case letters, digits and -, 2 to 63 characters', 'chữ thường, chữ số và -, từ 2 đến 63 ký tự');
      if (!/^[a-z][a-z0-9-]{1,63}$/.test(input.family)) throw invalid('/family', 'a connector credential type such as ngsp-population', 'một loại thông tin xác thực của connector, ví dụ ngsp-population');
      checkCommon(input);
      checkSecrets(input.secrets ?? {});
      const stored = toStored(input.endpoint, input.timeoutMs, input.secrets ?? {});
      await db.transaction(async (tx) => {
        const [taken] = await tx.select({ id: credentials.id }).from(credentials).where(eq(credentials.id, input.id));
        if (taken) throw new LtError('CONNECTION_EXISTS', { connectionId: input.id }, { pointer: '/id' });
        await tx.insert(connections).values({ id: input.id, name: input.name.trim(), family: input.family, environment: input.environment, endpoint: stored.baseUrl as string,
          timeoutMs: input.timeoutMs ?? null, ratePerMinute: input.ratePerMinute ?? null, secretFields: secretFieldNames(stored), transport: transportView(stored), version: 1, createdBy: by, updatedBy: by });
        await writeVersion(tx as unknown as Db, input.id, input.family, 1, stored, by);
      });
      return view(await row(input.id));
    },

    /** Changes labels and limits; a change of endpoint, timeout or any secret makes a new version (a rotation). */
    async update(id: string, change: ConnectionChange, by: string): Promise<ConnectionView> {
      checkCommon(change);
      if (change.secrets) checkSecrets(change.secrets);
      await db.transaction(async (tx) => {
        const [r] = await tx.select().from(connections).where(eq(connections.id, id)).for('update');
        if (!r) throw new LtError('CONNECTION_NOT_FOUND', { connectionId: id }, { field: 'connectionId' });
        const newVersion = change.secrets !== undefined || (change.endpoint !== undefined && change.endpoint !== r.endpoint) || (change.timeoutMs !== undefined && change.timeoutMs !== r.timeoutMs);
        let fields: Partial<typeof connections.$inferInsert> = {};
        if (newVersion) {
          const merged = mergeSecrets(await current(id, r.version, tx as unknown as Db), change.secrets ?? {});
          checkSecrets(merged);
          const timeoutMs = change.timeoutMs !== undefined ? change.timeoutMs : r.timeoutMs;
          const stored = toStored(change.endpoint ?? r.endpoint, timeoutMs, merged);
          await writeVersion(tx as unknown as Db, id, r.family, r.version + 1, stored, by);
          fields = { version: r.version + 1, endpoint: stored.baseUrl as string, timeoutMs, secretFields: secretFieldNames(stored), transport: transportView(stored) };
        }
        await tx.update(connections).set({ ...fields, ...(change.name !== undefined ? { name: change.name.trim() } : {}), ...(change.environment ? { environment: change.environment } : {}),
          ...(change.ratePerMinute !== undefined ? { ratePerMinute: change.ratePerMinute } : {}), updatedBy: by, updatedAt: sql`now()` }).where(eq(connections.id, id));
      });
      return view(await row(id));
    },

    /** Removes the connection and its credential (and so its grants): flows referencing it fail with CONNECTOR_CREDENTIAL_NOT_FOUND. */
    async remove(id: string): Promise<void> {
      await row(id);
      await db.transaction(async (tx) => {
        await tx.delete(connections).where(eq(connections.id, id));
        await tx.delete(credentials).where(eq(credentials.id, id));
      });
    },

    /** True when `id` is a connection (not a plain credential). */
    async has(id: string): Promise<boolean> {
      const [r] = await db.select({ id: connections.id }).from(connections).where(eq(connections.id, id));
      return !!r;
    },

    /**
     * The decrypted secret of a connection for a step scheduled at `asOf` (default: now): the newest version valid by then,
     * so the retries of a step that started before a rotation keep the version it started with. With `flowKey`, only
     * when that flow is granted the connection. Undefined when `id` is no connection.
     */
    async secretOf(id: string, o: { asOf?: Date | undefined; flowKey?: string | undefined; checkGrant: boolean }): Promise<{ family: string; ratePerMinute: number | null; secret: StoredSecret } | undefined> {
      const [r] = await db.select().from(connections).where(eq(connections.id, id));
      if (!r) return undefined;
      if (o.checkGrant && (!o.flowKey || !(await grantedCredentials(db, o.flowKey, [id])).has(id))) throw new LtError('CREDENTIAL_NOT_GRANTED', { credentialId: id, flowKey: o.flowKey ?? '(none)' });
      const [pinned] = o.asOf
        ? await db.select().from(connectionVersions).where(and(eq(connectionVersions.connectionId, id), lte(connectionVersions.validFrom, o.asOf))).orderBy(desc(connectionVersions.version)).limit(1)
        : [];
      const secret = pinned ? decrypt(pinned.secret, pinned.keyId) : await current(id, r.version);
      return { family: r.family, ratePerMinute: r.ratePerMinute, secret };
    },

    /** Re-encrypts every version under the current master key (after LT_MASTER_KEY rotation). */
    async rekey(): Promise<number> {
      let n = 0;
      for (const v of await db.select().from(connectionVersions)) {
        if (v.keyId === mk.id || !keys.has(v.keyId)) continue;
        await db.update(connectionVersions).set({ secret: encryptJson(decrypt(v.secret, v.keyId), mk), keyId: mk.id })
          .where(and(eq(connectionVersions.connectionId, v.connectionId), eq(connectionVersions.version, v.version)));
        n += 1;
      }
      return n;
    },
  };
}
export type ConnectionStore = ReturnType<typeof createConnectionStore>;
