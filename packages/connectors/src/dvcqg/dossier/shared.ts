import { Type } from '@sinclair/typebox';

/** DVCQG over NGSP (DOMAIN §6.6): the provider's dstcode, and the field shapes its services share. */
export const DVCQG_DSTCODE = 'VN:GOV:000.00.00.G22:vpcpdvcprovider';
export const SYSTEM = 'DVCQG';
export const DossierNo = Type.String({ pattern: '^(\\d{3}\\.\\d{2}\\.\\d{2}\\.[A-Z]\\d{2}|[A-Z]\\d{2}(\\.[0-9A-Z]+)*)-\\d{6}-\\d{4}$', title: 'Mã hồ sơ {mã cơ quan}-{yyMMdd}-{NNNN}' });
export const Stamp = Type.String({ pattern: '^\\d{14}$', title: 'yyyyMMddHHmmss' });
/** 1 new · 2 received · 3 not received · 4 processing · 5 supplement · 6 financial obligation · 7 withdrawn · 8 stopped · 9 processed · 10 returned. */
export const DossierState = Type.String({ pattern: '^([1-9]|10)$', title: 'TrangThaiHoSo (1–10)' });
export const dvcqgErrors = ['CONNECTOR_TIMEOUT', 'CONNECTOR_UNAVAILABLE', 'CONNECTOR_RATE_LIMITED', 'CONNECTOR_NETWORK', 'CONNECTOR_BAD_REPLY', 'CONNECTOR_REJECTED', 'CONNECTOR_AUTH_FAILED'];
export const dvcqgRetry = { maximumAttempts: 8, initialInterval: '5s', backoffCoefficient: 2, maximumInterval: '10m' } as const;
