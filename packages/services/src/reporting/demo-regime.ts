import type { RegimeInput } from './regimes.js';

/**
 * The regime the example tong-hop-bao-cao-day-du is scheduled with (BC-KTXH-THANG): the national simulator's template
 * version 2 [FICT], the provincial office as lead agency, the demo commune of the agency catalogue in scope. A province
 * edits it on /reporting ("Chế độ báo cáo") or replaces it through POST /api/v1/reporting/regimes.
 */
export const DEMO_REGIME: Omit<RegimeInput, 'reviewDueAt'> = {
  code: 'BC-KTXH-THANG',
  name: { vi: 'Báo cáo tình hình kinh tế - xã hội hằng tháng', en: 'Monthly socio-economic report' },
  kind: 'periodic',
  leadAgencyCode: '000.00.92.H48',
  legalBasis: 'QĐ 239/QĐ-UBND ngày 01/12/2025',
  frequency: 'month',
  templateVersion: '2',
  indicators: [
    { code: 'A01', name: 'Hồ sơ tiếp nhận', unit: 'ho-so', type: 'number', aggregation: 'sum', required: true, min: 0 },
    { code: 'A02', name: 'Hồ sơ đúng hạn', unit: 'ho-so', type: 'number', aggregation: 'sum', required: true, min: 0 },
    { code: 'A03', name: 'Tỷ lệ đúng hạn', unit: 'phan-tram', type: 'percent', aggregation: 'rule', required: true, min: 0, max: 100, rule: 'A03 = A02/A01*100' },
    { code: 'A04', name: 'Thu ngân sách', unit: 'trieu-dong', type: 'number', aggregation: 'sum', min: 0 },
    { code: 'A05', name: 'Đánh giá chung', unit: 'van-ban', type: 'text', aggregation: 'text_concat' },
  ],
  unitScope: ['000.25.94.H48'],
};
