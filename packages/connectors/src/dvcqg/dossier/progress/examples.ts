import type { ConnectorExample } from '../../../sdk/types.js';

export const sampleStep = {
  MaHoSo: '000.25.94.H48-260115-0007', NguoiXuLy: 'Lê Thị Hạnh', ChucDanh: 'Công chức Tư pháp - Hộ tịch', ThoiDiemXuLy: '20260115093000',
  PhongBanXuLy: 'Bộ phận Một cửa phường Cẩm Thành', NoiDungXuLy: 'Thụ lý hồ sơ', TrangThai: '4', NgayBatDau: '20260115084200', NgayKetThucTheoQuyDinh: '20260115170000',
};

export const examples: ConnectorExample[] = [
  { name: 'a step for a dossier the portal does not have (error_code 03)', input: { progress: { ...sampleStep, MaHoSo: '000.25.94.H48-260115-0999' } }, error: '03' },
];
