import type { Db } from '@lienthong/db';
import { createIocStore } from './store.js';
import { iocQuarterStats } from './stats.js';

export { createIocStore, contentHash, type IocStoreService, type FeedbackEntry, type QueuedObservation } from './store.js';
export { iocQuarterStats, quarterBounds, type IocQuarterRow } from './stats.js';

/** The IOC side of the platform (DOMAIN §7.d): the register and outbox the connectors use, and the R-34 statistics. */
export function createIocService(db: Db) {
  const store = createIocStore(db);
  return { store, quarterStats: (quarter: string, agencies?: string[]) => iocQuarterStats(db, quarter, agencies) };
}
export type IocService = ReturnType<typeof createIocService>;
