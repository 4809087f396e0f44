export * from './schema/index.js';
export { createDb, openEmbeddedDb, databaseUnavailable, migrationsFolder, type Db, type DbHandle, type Schema } from './client.js';
export { createCredentialStore, masterKeyFrom, encryptJson, decryptJson, CredentialNotFound, CredentialNotGranted, grantedCredentials, grantKeysFor, type MasterKey, type CredentialStoreDb } from './credential-store.js';
export { createBackup, restoreBackup, tableCounts, RestoreRefused, BACKUP_FORMAT, type BackupFile } from './backup.js';
export { deriveBackupKey, sealedBackup, openingKey, BackupKeyInvalid, type BackupKdf, type BackupKey, type BackupKeySource, type SealedBackup } from './backup-seal.js';
export { createBatchStore, type BatchStore, type BatchOutcome, type BatchSummary } from './batch-store.js';
