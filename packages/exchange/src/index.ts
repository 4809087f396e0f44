// The data exchange between connected systems (REG 001 Đ11): use cases, state machine, storage and crypto, and the
// activities of its workflow. The workflow itself is behind the `./workflows` entry (bundled by the worker).
export { createExchangeService, type ExchangeService, type ExchangeActivitiesImpl, type ExchangeServiceDeps } from './service.js';
export { exchangeConfigFromEnv, EXCHANGE_OPERATIONS, type ExchangeConfig } from './config.js';
export { exchangeView, type ExchangeView } from './views.js';
export type { CreateExchangeInput, UploadInput, StreamUploadInput, UploadPolicy } from './source.js';
export type { ExchangeSearch } from './queries.js';
export type { ExchangeAccess, ExchangeCaller, ExchangePrincipal, SystemCaller, PersonCaller, ReadScope } from './access.js';
export type { AuditSink } from './storage.js';
export type { WebhookKeys } from './delivery.js';
export { ACTIVE, DELIVERABLE, ENDED, STEPS, canMove, stepOf, type Step, type StepName } from './state-machine.js';
export { detectFormat, sniffFormat, convert, jsonToEdxml, edxmlToJson, PROTOCOLS, type ExchangeFormat } from './transform.js';
export { sha256Hex } from './crypto.js';
