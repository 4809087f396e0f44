export {
  createExchangeService, exchangeConfigFromEnv, exchangeView, EXCHANGE_WORKFLOW, EXCHANGE_UPLOADED_SIGNAL, EXCHANGE_SETTLED_SIGNAL, EXCHANGE_OPERATIONS,
  type ExchangeService, type ExchangeActivitiesImpl, type ExchangeConfig, type ExchangeView, type ExchangeWorkflowInput, type CreateExchangeInput, type UploadInput, type StreamUploadInput, type UploadPolicy,
} from './service.js';
export { detectFormat, sniffFormat, convert, jsonToEdxml, edxmlToJson, PROTOCOLS, type ExchangeFormat } from './transform.js';
export { webhookSignature, sha256Hex } from './crypto.js';
