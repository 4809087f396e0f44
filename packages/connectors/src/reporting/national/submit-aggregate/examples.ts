import type { ConnectorExample } from '../../../sdk/types.js';

/** A stand-in detached signature (96 bytes, base64) as the signing step would produce [FICT]. */
export const sampleSignature = 'TFQtU0lHLWZpY3Rpb25hbC1zaWduYXR1cmUtb2YtdGhlLXByb3ZpbmNlLWFnZ3JlZ2F0ZS1yZXBvcnQtZm9yLXRoZS1wZXJpb2QtMjAyNi0wMS1xbmc=';
/** Quảng Ngãi's January 2026 roll-up of BC-KTXH-THANG [FICT]. */
export const sampleValues = [
  { indicatorCode: 'A01', value: 12480 }, { indicatorCode: 'A02', value: 12231 }, { indicatorCode: 'A03', value: 98.0048 },
  { indicatorCode: 'A04', value: 1520350 }, { indicatorCode: 'A05', value: 'Tình hình tiếp nhận, giải quyết hồ sơ ổn định.' },
];
const base = { regimeCode: 'BC-KTXH-THANG', templateVersion: 2, values: sampleValues, signature: sampleSignature };

export const examples: ConnectorExample[] = [
  { name: 'January 2026 roll-up', input: { ...base, periodLabel: '2026-01' }, output: {} },
  { name: 'a closed period (PERIOD_CLOSED)', input: { ...base, periodLabel: '2025-12' }, error: 'PERIOD_CLOSED' },
  { name: 'an old template version (TEMPLATE_VERSION_MISMATCH)', input: { ...base, periodLabel: '2026-02', templateVersion: 1 }, error: 'TEMPLATE_VERSION_MISMATCH' },
  { name: 'A03 that does not follow its rule (VALIDATION_FAILED)', input: { ...base, periodLabel: '2026-02', values: sampleValues.map((v) => (v.indicatorCode === 'A03' ? { ...v, value: 90 } : v)) }, error: 'VALIDATION_FAILED' },
  { name: 'a signature that is not one (SIGNATURE_INVALID)', input: { ...base, periodLabel: '2026-02', signature: 'abc' }, error: 'SIGNATURE_INVALID' },
];
