import type { Db, MasterKey } from '@lienthong/db';
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
  };
}
export type ConnectionService = ReturnType<typeof createConnectionService>;
