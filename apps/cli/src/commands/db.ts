import { createDb, type DbHandle } from '@lienthong/db';
import { loadConfig } from '../config.js';

/** The platform's database as `lienthong start` opens it (DATABASE_URL, else PGlite under DATA_DIR), migrated. */
export async function openDatabase(): Promise<DbHandle> {
  const cfg = loadConfig();
  const db = createDb({ ...(cfg.databaseUrl ? { DATABASE_URL: cfg.databaseUrl } : {}), DATA_DIR: cfg.dataDir });
  await db.migrate();
  return db;
}

/** `--name value` and repeated `--role value` flags; the rest are positional. */
export function parseFlags(argv: string[]): { positional: string[]; flags: Record<string, string[]> } {
  const positional: string[] = [];
  const flags: Record<string, string[]> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a.startsWith('--')) {
      const [k, inline] = a.slice(2).split('=', 2) as [string, string | undefined];
      const v = inline ?? (argv[i + 1] && !argv[i + 1]?.startsWith('--') ? argv[++i] as string : 'true');
      (flags[k] ??= []).push(v);
    } else positional.push(a);
  }
  return { positional, flags };
}
