import type { ConnectorExample } from '../../../sdk/types.js';

const base = { purpose: { procedureCode: '1.001193.000.00.00.H48', dossierNo: '000.25.94.H48-260115-0007' }, officerId: '051085000111' };
export const examples: ConnectorExample[] = [
  { name: 'birth registered at Phường Cẩm Thành, 15/01/2026', input: { ...base, citizenId: '051326000123', fullName: 'Nguyễn Bảo Châu' },
    output: { record: { soDangKy: '07/2026', loaiDangKy: 'dung_han', me: { hoVaTen: 'TRẦN THỊ BÍCH NGỌC' }, noiDangKy: { maPhuongXa: '21025' } } } },
  { name: 'late registration without a father', input: { ...base, citizenId: '051302000777' }, output: { record: { loaiDangKy: 'qua_han', cha: null } } },
  { name: 'name does not match', input: { ...base, citizenId: '051326000123', fullName: 'Nguyễn Bảo Anh' }, error: 'MISMATCH' },
  { name: 'no birth record', input: { ...base, citizenId: '051090999999' }, error: 'NOT_FOUND' },
];
