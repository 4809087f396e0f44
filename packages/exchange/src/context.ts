import type { Client } from '@temporalio/client';
import type { ExchangeAccess } from './access.js';
import type { ExchangeConfig } from './config.js';
import type { ExchangeDelivery } from './delivery.js';
import type { ExchangeStorage } from './storage.js';
import type { Row } from './views.js';

/** What the use cases and activities share, built once by createExchangeService. */
export interface ExchangeContext {
  cfg: ExchangeConfig;
  /** Largest content in a JSON upload: the smaller of the two limits. */
  jsonLimit: number;
  store: ExchangeStorage;
  delivery: ExchangeDelivery;
  access: ExchangeAccess;
  temporal: Client;
  taskQueue: string;
  log: (line: string) => void;
  /** Called once an exchange is ready for its destination; idempotent by exchange id. */
  onReceived?: (notice: Record<string, unknown> & { exchangeId: string; destination: string }) => Promise<void>;
}

export type { Row };
