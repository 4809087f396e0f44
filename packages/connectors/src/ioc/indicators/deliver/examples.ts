import type { ConnectorExample } from '../../../sdk/types.js';

// Run in deliver.test.ts against an in-memory outbox and, against the platform's tables, in test/system/ioc-outage.test.ts.
export const examples: ConnectorExample[] = [
  { name: 'dossiers received today in two wards: queued as revision 1 and sent', input: { observations: [
    { indicatorCode: 'HC.HOSO.TIEPNHAN.NGAY', areaCode: '21025', period: '2026-12-01', value: 42, unit: 'hồ sơ', sourceSystem: 'lienthong' },
    { indicatorCode: 'HC.HOSO.TIEPNHAN.NGAY', areaCode: '21028', period: '2026-12-01', value: 17, unit: 'hồ sơ', sourceSystem: 'lienthong' },
  ] }, output: { queuedCount: 2, invalidCount: 0, delivered: 2 } },
  { name: 'a wrong unit and an unknown indicator are refused before queuing', input: { observations: [
    { indicatorCode: 'GT.TAINAN.SOVU', areaCode: '21025', period: '2026-11', value: 3, unit: 'người' },
    { indicatorCode: 'XX.KHONG.CO', areaCode: '51', period: '2026-11', value: 1, unit: 'vụ' },
  ] }, output: { queuedCount: 0, invalidCount: 2, invalid: [{ index: 0, code: 'UNIT_MISMATCH' }, { index: 1, code: 'UNKNOWN_INDICATOR' }] } },
];
