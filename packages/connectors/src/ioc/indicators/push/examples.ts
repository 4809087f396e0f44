import type { ConnectorExample } from '../../../sdk/types.js';

export const examples: ConnectorExample[] = [
  { name: 'dossiers received today in two wards', input: { observations: [
    { indicatorCode: 'HC.HOSO.TIEPNHAN.NGAY', areaCode: '21025', period: '2026-01-15', value: 42, unit: 'hồ sơ', sourceSystem: 'lienthong' },
    { indicatorCode: 'HC.HOSO.TIEPNHAN.NGAY', areaCode: '21028', period: '2026-01-15', value: 17, unit: 'hồ sơ', sourceSystem: 'lienthong' },
  ] }, output: { acceptedCount: 2, rejectedCount: 0 } },
  { name: 'a partial batch: unknown indicator, wrong unit, old commune code', input: { observations: [
    { indicatorCode: 'YT.GIUONG.CONGSUAT', areaCode: '51', period: '2026-01-15', value: 87.5, unit: '%' },
    { indicatorCode: 'XX.KHONG.CO', areaCode: '51', period: '2026-01-15', value: 1, unit: 'vụ' },
    { indicatorCode: 'GT.TAINAN.SOVU', areaCode: '21025', period: '2026-01', value: 3, unit: 'người' },
    { indicatorCode: 'GT.TAINAN.SOVU', areaCode: '20995', period: '2026-01', value: 1, unit: 'vụ' },
  ] }, output: { acceptedCount: 1, rejectedCount: 3, rejected: [{ index: 1, code: 'UNKNOWN_INDICATOR' }, { index: 2, code: 'UNIT_MISMATCH' }, { index: 3, code: 'UNKNOWN_AREA' }] } },
];
