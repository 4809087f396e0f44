import { asc, eq } from 'drizzle-orm';
import { connections, credentials, type Db, type MasterKey } from '@lienthong/db';
import { createConnectionStore, type ConnectionChange, type ConnectionView } from './store.js';
import { createConnectionTester, type ConnectionTestResult } from './tester.js';
import type { ConnectionInput } from './model.js';

export { createConnectionStore, VERSION_GRACE_MS, type ConnectionStore, type ConnectionView, type ConnectionChange } from './store.js';
export { createConnectionResolver } from './resolver.js';
export { createConnectionTester, type ConnectionTester, type ConnectionTestResult, type TestKind } from './tester.js';
export { ENVIRONMENTS, CONNECTION_ID, type ConnectionInput, type ConnectionSecrets, type Environment, type StoredSecret } from './model.js';

/** The connections use cases for the API and CLI (admins: credentials.manage). Secret values go in, never out. */
export function createConnectionService(db: Db, masterKey: MasterKey | undefined, older: readonly MasterKey[] = []) {
  const store = masterKey ? createConnectionStore(db, masterKey, older) : undefined;
  const need = () => {
    if (!store) throw new Error('connections need the master key (LT_MASTER_KEY)');
    return store;
  };
  const tester = store ? createConnectionTester(store) : undefined;
  return {
    store: need,
    list: (): Promise<ConnectionView[]> => need().list(),
    get: (id: string): Promise<ConnectionView> => need().get(id),
    create: (input: ConnectionInput, by: string): Promise<ConnectionView> => need().create(input, by),
    update: (id: string, change: ConnectionChange, by: string): Promise<ConnectionView> => need().update(id, change, by),
    remove: (id: string): Promise<void> => need().remove(id),
    test: (id: string): Promise<ConnectionTestResult> => (tester ?? createConnectionTester(need())).test(id),
    /**
     * What a designer may pick for a node needing `family` (every family without it): connections and plain credentials,
     * by id, type and name only. Ids are references, not secrets; the grants still decide which flow may use which.
     */
    async choices(family?: string): Promise<{ id: string; family: string; name: string | null; environment: string | null }[]> {
      const rows = await db.select({ id: credentials.id, family: credentials.type, name: connections.name, environment: connections.environment })
        .from(credentials).leftJoin(connections, eq(connections.id, credentials.id))
        .where(family ? eq(credentials.type, family) : undefined).orderBy(asc(credentials.id));
      return rows;
    },
  };
}
export type ConnectionService = ReturnType<typeof createConnectionService>;
