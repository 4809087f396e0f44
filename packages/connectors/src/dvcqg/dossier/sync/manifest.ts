import { Type } from '@sinclair/typebox';
import { defineConnector } from '../../../sdk/types.js';
import { DossierNo, DossierState, dvcqgErrors, dvcqgRetry, Stamp } from '../shared.js';

export const manifest = defineConnector({
  id: 'dvcqg:dossier:sync',
  version: '1.0.0',
  category: 'dvcqg',
  title: { vi: 'Đồng bộ hồ sơ lên Cổng DVCQG (DongBoHoSoMC)', en: 'Sync a dossier to the national portal (DongBoHoSoMC)' },
  description: {
    vi: 'Gửi DongBoHoSoMC qua NGSP. Chế độ "auto" tra cứu TraCuuHoSo trước để đặt isUpdating; error_code khác "00" là từ chối nghiệp vụ.',
    en: 'Sends DongBoHoSoMC over NGSP. Mode "auto" looks the dossier up (TraCuuHoSo) first to set isUpdating; an error_code other than "00" is a business rejection.',
  },
  input: Type.Object({
    dossier: Type.Object({
      MaHoSo: DossierNo,
      MaTTHC: Type.String({ pattern: '^\\d\\.\\d{6}(\\.\\d{3}\\.\\d{2}\\.\\d{2}\\.[A-Z]\\d{2})?$' }),
      TenTTHC: Type.String({ minLength: 1 }),
      MaLinhVuc: Type.Optional(Type.String()), TenLinhVuc: Type.Optional(Type.String()),
      ChuHoSo: Type.String({ minLength: 1 }),
      LoaiDoiTuong: Type.Union([Type.Literal('1'), Type.Literal('2')], { title: '1 công dân, 2 doanh nghiệp' }),
      MaDoiTuong: Type.Optional(Type.String()), Email: Type.Optional(Type.String()), SoDienThoai: Type.Optional(Type.String()), TrichYeuHoSo: Type.Optional(Type.String()),
      NgayTiepNhan: Stamp, NgayHenTra: Type.Optional(Stamp), NgayTra: Type.Optional(Stamp),
      TrangThaiHoSo: DossierState,
      HinhThuc: Type.Optional(Type.Union([Type.Literal('0'), Type.Literal('1')], { title: '0 tại quầy, 1 bưu chính' })),
      DonViXuLy: Type.Optional(Type.String()),
      TaiLieuNop: Type.Optional(Type.Array(Type.Record(Type.String(), Type.Unknown()))),
      DanhSachLePhi: Type.Optional(Type.Array(Type.Record(Type.String(), Type.Unknown()))),
      DanhSachHoSoBoSung: Type.Optional(Type.Array(Type.Record(Type.String(), Type.Unknown()))),
      DanhSachGiayToKetQua: Type.Optional(Type.Array(Type.Record(Type.String(), Type.Unknown()))),
    }, { additionalProperties: false }),
    mode: Type.Optional(Type.Union([Type.Literal('auto'), Type.Literal('create'), Type.Literal('update')], { default: 'auto' })),
  }, { additionalProperties: false }),
  output: Type.Object({ MaHoSo: Type.String(), isUpdating: Type.Boolean(), syncedAt: Type.String({ format: 'date-time' }) }),
  credential: 'ngsp-adapter',
  timeout: '30s',
  retry: dvcqgRetry,
  errors: dvcqgErrors,
  idempotent: true,
  idempotencyKey: 'Idempotency-Key header = hash of the step key; a replay returns the first answer',
  personalData: [],
});
