export {
  createExchangeService, exchangeConfigFromEnv, exchangeView, EXCHANGE_OPERATIONS,
  type ExchangeService, type ExchangeActivitiesImpl, type ExchangeConfig, type ExchangeView, type CreateExchangeInput, type UploadInput, type StreamUploadInput, type UploadPolicy,
} from './service.js';
export { detectFormat, sniffFormat, convert, jsonToEdxml, edxmlToJson, PROTOCOLS, type ExchangeFormat } from './transform.js';
export { webhookSignature, sha256Hex } from './crypto.js';
