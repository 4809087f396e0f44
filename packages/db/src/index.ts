export * from './schema/index.js';
export { createDb, migrationsFolder, type Db, type DbHandle, type Schema } from './client.js';
