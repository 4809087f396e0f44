import type { ConnectorExample } from '../../../sdk/types.js';

const base = { purpose: '1.001193', officerId: '051085000111' };
export const examples: ConnectorExample[] = [
  { name: 'full record of a known citizen', input: { ...base, citizenId: '051090123456' },
    output: { record: { SoDinhDanh: '051090123456', HoVaTen: { Ho: 'NGUYỄN', ChuDem: 'VĂN', Ten: 'AN' }, DanToc: '01', VoChong: { HoVaTen: 'TRẦN THỊ BÍCH NGỌC', SoDinhDanh: '051185004321' } } } },
  { name: 'only the fields a birth registration needs', input: { ...base, citizenId: '051185004321', fields: ['HoVaTen', 'NgayThangNamSinh', 'DanToc', 'ThuongTru'] },
    output: { record: { SoDinhDanh: '051185004321', NgayThangNamSinh: { NgayThangNam: '19851103' }, ThuongTru: { MaTinhThanh: '51', MaPhuongXa: '21028' } } } },
  { name: 'year-only birth date', input: { ...base, citizenId: '051048000155', fields: ['NgayThangNamSinh'] }, output: { record: { NgayThangNamSinh: { Nam: '1948' } } } },
  { name: 'record with a pre-2025 commune code', input: { ...base, citizenId: '086079001122', fields: ['ThuongTru'] }, output: { record: { ThuongTru: { MaPhuongXa: '28990' } } } },
  { name: 'unknown citizen is a business rejection', input: { ...base, citizenId: '051090999999' }, error: 'NOT_FOUND' },
];
