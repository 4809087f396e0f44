import type { ConnectorExample } from '../../../sdk/types.js';

/** The §8 sample: the PC Office sends an official letter to the Department of Justice and Phường Cẩm Thành [FICT]. */
export const sampleEdoc = {
  from: { organName: 'Văn phòng UBND tỉnh Quảng Ngãi', organAdd: '52 Hùng Vương, Quảng Ngãi', email: 'vpubnd@quangngai.gov.vn' },
  to: [{ organId: '000.00.91.H48', organName: 'Sở Tư pháp Quảng Ngãi' }, { organId: '000.25.94.H48', organName: 'UBND phường Cẩm Thành' }],
  code: { codeNumber: '125', codeNotation: 'VP-KSTT' },
  promulgation: { place: 'Quảng Ngãi', date: '2026-01-15' },
  documentType: { type: '2', typeName: 'Công văn' },
  subject: 'V/v rà soát hồ sơ đăng ký khai sinh trễ hạn tháng 01/2026',
  signer: { competence: 'KT. CHÁNH VĂN PHÒNG', position: 'PHÓ CHÁNH VĂN PHÒNG', fullName: 'Lê Văn Tám' },
  otherInfo: { priority: 1, pageAmount: 2 },
  staff: { department: 'Phòng Kiểm soát TTHC', staff: 'Nguyễn Thị Mai', mobile: '0912000111' },
  attachments: [{ cid: 'cv125', name: 'CV125-VP-KSTT.pdf', contentType: 'application/pdf', contentBase64: 'JVBERi0xLjQgZmljdGlvbmFs', description: 'Công văn' }],
};

export const examples: ConnectorExample[] = [
  { name: 'official letter with one attachment to two recipients', input: sampleEdoc, output: { documentId: '000.00.92.H48,2026/01/15,125/VP-KSTT' } },
  { name: 'unknown recipient is refused (ErrorCode 15)', input: { ...sampleEdoc, code: { codeNumber: '126', codeNotation: 'VP-KSTT' }, to: [{ organId: '000.00.00.H41', organName: 'UBND tỉnh Nghệ An' }] }, error: '15' },
];
