import { createExchangeService as createExchange, type ExchangeAccess, type ExchangeServiceDeps } from '@lienthong/exchange';
import { isPrincipal, scopeOf } from '../access.js';

// The data exchange lives in @lienthong/exchange; apps import it from here as they always have.
export {
  exchangeConfigFromEnv, exchangeView, EXCHANGE_OPERATIONS,
  type ExchangeService, type ExchangeActivitiesImpl, type ExchangeConfig, type ExchangeView, type CreateExchangeInput, type UploadInput, type StreamUploadInput, type UploadPolicy,
  detectFormat, sniffFormat, convert, jsonToEdxml, edxmlToJson, PROTOCOLS, type ExchangeFormat,
  sha256Hex,
} from '@lienthong/exchange';

/** Who calls an exchange procedure, by the one policy: a system as it is, a person with their audit.read scope. */
export const exchangeAccess: ExchangeAccess = {
  identify: (c) => (!isPrincipal(c) ? null : c.kind === 'system' ? c : { ...c, readScope: scopeOf(c, 'audit.read') }),
};

/** The exchange service with the services' access policy. */
export const createExchangeService = (deps: Omit<ExchangeServiceDeps, 'access'>) => createExchange({ ...deps, access: exchangeAccess });
