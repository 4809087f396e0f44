import { Type } from '@sinclair/typebox';
import { defineConnector } from '../../../sdk/types.js';
import { DossierNo, DossierState, dvcqgErrors, dvcqgRetry, Stamp } from '../shared.js';

export const manifest = defineConnector({
  id: 'dvcqg:dossier:progress',
  version: '1.0.0',
  category: 'dvcqg',
  title: { vi: 'Cập nhật tiến độ hồ sơ lên Cổng DVCQG (CapNhatTienDoHoSoMC)', en: 'Push dossier progress to the national portal (CapNhatTienDoHoSoMC)' },
  description: {
    vi: 'Gửi một bước xử lý (người, thời điểm, nội dung, trạng thái). Hồ sơ chưa đồng bộ là error_code 03.',
    en: 'Sends one processing step (who, when, what, status). A dossier not yet synced is error_code 03.',
  },
  input: Type.Object({
    progress: Type.Object({
      MaHoSo: DossierNo, NguoiXuLy: Type.String({ minLength: 1 }), ChucDanh: Type.Optional(Type.String()), ThoiDiemXuLy: Stamp,
      PhongBanXuLy: Type.Optional(Type.String()), NoiDungXuLy: Type.String({ minLength: 1 }), TrangThai: DossierState,
      NgayBatDau: Type.Optional(Stamp), NgayKetThucTheoQuyDinh: Type.Optional(Stamp),
    }, { additionalProperties: false }),
  }, { additionalProperties: false }),
  output: Type.Object({ MaHoSo: Type.String(), TrangThai: Type.String(), syncedAt: Type.String({ format: 'date-time' }) }),
  credential: 'ngsp-adapter',
  timeout: '30s',
  retry: dvcqgRetry,
  errors: dvcqgErrors,
  idempotent: true,
  idempotencyKey: 'Idempotency-Key header = hash of the step key; a replay returns the first answer',
  personalData: [],
});
