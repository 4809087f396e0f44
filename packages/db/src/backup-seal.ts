import { randomBytes, scryptSync } from 'node:crypto';
import { createBackup, type BackupFile } from './backup.js';
import type { Db } from './client.js';
import { masterKeyFrom, type MasterKey } from './credential-store.js';

/**
 * A backup is encrypted under its own key, never the master key kept beside the data (whoever copies DATA_DIR must not
 * be able to open the backups too): a passphrase stretched with scrypt and a random salt kept in the file, or a
 * 32-byte key (base64) kept elsewhere. Shared by `lienthong backup`/`restore` and the scheduled backups.
 */
export interface BackupKdf { name: 'scrypt'; salt: string; N: number; r: number; p: number }
export type SealedBackup = BackupFile & { kdf?: BackupKdf; keySource?: 'key-file' | 'passphrase' };
export type BackupKeySource = { keyFile: string } | { passphrase: string };
export interface BackupKey { key: MasterKey; kdf?: BackupKdf; keySource: 'key-file' | 'passphrase' }

const SCRYPT = { N: 1 << 15, r: 8, p: 1 } as const;

/** Thrown for a key file that is not 32 bytes in base64. */
export class BackupKeyInvalid extends Error {}

/** The key a backup is (to be) sealed under; `kdf` from the file when restoring, a fresh salt when backing up. */
export function deriveBackupKey(source: BackupKeySource, kdf?: BackupKdf): BackupKey {
  if ('keyFile' in source) {
    try {
      return { key: masterKeyFrom(source.keyFile.trim()), keySource: 'key-file' };
    } catch {
      throw new BackupKeyInvalid('the backup key file must hold 32 bytes in base64');
    }
  }
  const params = kdf ?? { name: 'scrypt' as const, salt: randomBytes(16).toString('base64'), ...SCRYPT };
  const derived = scryptSync(source.passphrase.normalize('NFC'), Buffer.from(params.salt, 'base64'), 32, { N: params.N, r: params.r, p: params.p, maxmem: 256 * params.N * params.r });
  return { key: masterKeyFrom(derived.toString('base64')), kdf: params, keySource: 'passphrase' };
}

/** A consistent encrypted backup, sealed under its own key, ready to be written as JSON. */
export async function sealedBackup(db: Db, sealed: BackupKey, now: Date = new Date()): Promise<SealedBackup> {
  return { ...(await createBackup(db, sealed.key, now)), keySource: sealed.keySource, ...(sealed.kdf ? { kdf: sealed.kdf } : {}) };
}

/** The key to open a sealed backup with (its own salt when it was sealed under a passphrase). */
export const openingKey = (backup: SealedBackup, source: BackupKeySource): MasterKey => deriveBackupKey(source, backup.kdf).key;
