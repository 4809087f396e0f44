import type { ConnectorExample } from '../../../sdk/types.js';

/** The §8 sample dossier: birth registration of Nguyễn Bảo Châu at Phường Cẩm Thành, received 15/01/2026 08:42 [FICT]. */
export const sampleDossier = {
  MaHoSo: '000.25.94.H48-260115-0007', MaTTHC: '1.001193.000.00.00.H48', TenTTHC: 'Đăng ký khai sinh', MaLinhVuc: 'HT', TenLinhVuc: 'Hộ tịch',
  ChuHoSo: 'TRẦN THỊ BÍCH NGỌC', LoaiDoiTuong: '1', MaDoiTuong: '051185004321', TrichYeuHoSo: 'Đăng ký khai sinh cho Nguyễn Bảo Châu',
  NgayTiepNhan: '20260115084200', NgayHenTra: '20260115170000', TrangThaiHoSo: '2', HinhThuc: '0', DonViXuLy: '000.25.94.H48',
} as const;

export const examples: ConnectorExample[] = [
  { name: 'a new dossier (status 2, received)', input: { dossier: sampleDossier }, output: { MaHoSo: sampleDossier.MaHoSo, isUpdating: false } },
  { name: 'the same dossier again becomes an update (status 4, processing)', input: { dossier: { ...sampleDossier, TrangThaiHoSo: '4' } }, output: { isUpdating: true } },
  { name: 'forced "create" of a dossier the portal has is refused (error_code 02)', input: { dossier: sampleDossier, mode: 'create' }, error: '02' },
];
