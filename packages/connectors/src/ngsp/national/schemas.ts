import { Type, type TSchema } from '@sinclair/typebox';

/** Manifest shapes shared by the national lookups (browser-safe: no Node imports). */

/** Purpose and officer are required inputs of every national lookup (audit, DOMAIN §6.3). */
export const lookupBase = {
  purpose: Type.Object({
    procedureCode: Type.String({ minLength: 1, title: 'Mã thủ tục hành chính' }),
    dossierNo: Type.Optional(Type.String({ minLength: 1, title: 'Mã hồ sơ' })),
  }, { additionalProperties: false, title: 'Mục đích tra cứu' }),
  officerId: Type.String({ minLength: 1, title: 'Mã cán bộ' }),
};

export const lookupOutput = <T extends TSchema>(record: T) => Type.Object({
  record, requestId: Type.String(), asOf: Type.String(), source: Type.String(),
});

export const lookupErrors = ['CONNECTOR_TIMEOUT', 'CONNECTOR_UNAVAILABLE', 'CONNECTOR_RATE_LIMITED', 'CONNECTOR_BAD_REPLY', 'CONNECTOR_REJECTED', 'CONNECTOR_AUTH_FAILED'];
export const lookupRetry = { maximumAttempts: 3, initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '10s' } as const;

