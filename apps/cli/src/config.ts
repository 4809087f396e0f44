import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Every setting, its environment variable and default. The README's configuration table mirrors this. */
export interface Config {
  dataDir: string;
  databaseUrl?: string;
  temporalAddress?: string;
  temporalNamespace: string;
  temporalPort: number;
  temporalUiPort: number;
  apiHost: string;
  apiPort: number;
  simulatorsPort: number;
  masterKey: string;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const dataDir = resolve(env.DATA_DIR ?? '.data');
  return {
    dataDir,
    ...(env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL } : {}),
    ...(env.TEMPORAL_ADDRESS ? { temporalAddress: env.TEMPORAL_ADDRESS } : {}),
    temporalNamespace: env.TEMPORAL_NAMESPACE ?? 'default',
    temporalPort: Number(env.TEMPORAL_PORT ?? 7233),
    temporalUiPort: Number(env.TEMPORAL_UI_PORT ?? 8233),
    apiHost: env.API_HOST ?? '127.0.0.1',
    apiPort: Number(env.API_PORT ?? 3000),
    simulatorsPort: Number(env.SIMULATORS_PORT ?? 4000),
    masterKey: env.LT_MASTER_KEY ?? masterKeyFile(dataDir),
  };
}

/** Without LT_MASTER_KEY, a key is generated once into DATA_DIR/master.key (mode 600). */
function masterKeyFile(dataDir: string): string {
  const file = join(dataDir, 'master.key');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32).toString('base64');
  writeFileSync(file, `${key}\n`, { mode: 0o600 });
  return key;
}
