/**
 * The measurement-unit catalogue indicators are given in (đơn vị tính) [ASM: the common units of the socio-economic
 * report forms; a province extends it as data]. A template's unit and a submitted unit must both be in it.
 */
export const MEASUREMENT_UNITS: Readonly<Record<string, { vi: string; en: string }>> = {
  'nguoi': { vi: 'người', en: 'persons' },
  'ho': { vi: 'hộ', en: 'households' },
  'ho-so': { vi: 'hồ sơ', en: 'dossiers' },
  'phan-tram': { vi: '%', en: '%' },
  'ha': { vi: 'ha', en: 'hectares' },
  'tan': { vi: 'tấn', en: 'tonnes' },
  'trieu-dong': { vi: 'triệu đồng', en: 'million VND' },
  'ty-dong': { vi: 'tỷ đồng', en: 'billion VND' },
  'doanh-nghiep': { vi: 'doanh nghiệp', en: 'enterprises' },
  'van-ban': { vi: 'văn bản', en: 'text' },
};
