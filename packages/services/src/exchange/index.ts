import { createExchangeService as createExchange, type ExchangeAccess, type ExchangeServiceDeps } from '@lienthong/exchange';
import { isPrincipal, scopeOf, type Scope, type UserPrincipal } from '../access.js';

// The data exchange lives in @lienthong/exchange; apps import it from here as they always have.
export {
  exchangeConfigFromEnv, exchangeView, EXCHANGE_OPERATIONS,
  type ExchangeService, type ExchangeActivitiesImpl, type ExchangeConfig, type ExchangeView, type CreateExchangeInput, type UploadInput, type StreamUploadInput, type UploadPolicy,
  detectFormat, sniffFormat, convert, jsonToEdxml, edxmlToJson, PROTOCOLS, type ExchangeFormat,
  sha256Hex,
} from '@lienthong/exchange';

/** The actions that let a person read exchanges' metadata: their agencies' logs (audit.read), or operating the platform (runs.cancel). */
export const EXCHANGE_READ_ACTIONS = ['audit.read', 'runs.cancel'] as const;

/** The union of what those actions reach: all agencies when one of them does. */
function exchangeReadScope(p: UserPrincipal): Scope {
  const scopes = EXCHANGE_READ_ACTIONS.map((a) => scopeOf(p, a)).filter((s): s is NonNullable<Scope> => s !== null);
  if (scopes.length === 0) return null;
  if (scopes.some((s) => s.all)) return { all: true };
  return { all: false, agencies: [...new Set(scopes.flatMap((s) => (s.all ? [] : s.agencies)))] };
}

/** Who calls an exchange procedure, by the one policy: a system as it is, a person with their exchange read scope. */
export const exchangeAccess: ExchangeAccess = {
  identify: (c) => (!isPrincipal(c) ? null : c.kind === 'system' ? c : { ...c, readScope: exchangeReadScope(c) }),
};

/** The exchange service with the services' access policy. */
export const createExchangeService = (deps: Omit<ExchangeServiceDeps, 'access'>) => createExchange({ ...deps, access: exchangeAccess });
