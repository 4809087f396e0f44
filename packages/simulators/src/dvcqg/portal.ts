import type { IncomingMessage, ServerResponse } from 'node:http';
import { header, Replay, replyJson } from '../respond.js';
import type { SimContext } from '../server.js';

/**
 * DVCQG (national public-service portal) services behind NGSP, dstcode
 * VN:GOV:000.00.00.G22:vpcpdvcprovider (DOMAIN §6.6) [PUB fields, ASM error codes]:
 *   DongBoHoSoMC        sync dossiers (isUpdating "True" when the dossier is already there)
 *   CapNhatTienDoHoSoMC push processing steps
 *   TraCuuHoSo          look a dossier up
 *   LayThuTuc           get a procedure
 * Replies: error_code "00" success; "01" invalid data, "02" already exists, "03" not found,
 * "99" internal (retryable). Side effects count per Idempotency-Key.
 */

/** Procedures of DOMAIN §8 [FICT codes]. */
const procedures = [
  { MaTTHC: '1.001193.000.00.00.H48', TenTTHC: 'Đăng ký khai sinh', MaLinhVuc: 'HT', TenLinhVuc: 'Hộ tịch', CapThucHien: 'xa', KENH: ['1', '2', '3'], ThoiHanGiaiQuyet: 'Trong ngày', LePhi: 0 },
  { MaTTHC: '1.000894.000.00.00.H48', TenTTHC: 'Đăng ký kết hôn', MaLinhVuc: 'HT', TenLinhVuc: 'Hộ tịch', CapThucHien: 'xa', KENH: ['1', '2'], ThoiHanGiaiQuyet: 'Trong ngày; 5 ngày làm việc nếu cần xác minh', LePhi: 0 },
  { MaTTHC: '2.001234.000.00.00.H48', TenTTHC: 'Cấp phiếu lý lịch tư pháp', MaLinhVuc: 'LLTP', TenLinhVuc: 'Lý lịch tư pháp', CapThucHien: 'tinh', KENH: ['1', '2', '3'], ThoiHanGiaiQuyet: '10 ngày làm việc', LePhi: 200_000 },
  { MaTTHC: '2.002345.000.00.00.H48', TenTTHC: 'Đăng ký thành lập doanh nghiệp', MaLinhVuc: 'DKKD', TenLinhVuc: 'Thành lập và hoạt động doanh nghiệp', CapThucHien: 'tinh', KENH: ['1', '2'], ThoiHanGiaiQuyet: '3 ngày làm việc', LePhi: 50_000 },
];

const DOSSIER_NO = /^(\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}|[A-Z]\d{2}(\.[0-9A-Z]+)*)-\d{6}-\d{4}$/;
const PROCEDURE = /^\d\.\d{6}(\.\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2})?$/;
const STAMP = /^\d{14}$/; // yyyyMMddHHmmss

interface Dossier { item: Record<string, unknown>; progress: Record<string, unknown>[] }
interface State { dossiers: Map<string, Dossier>; replay: Replay<unknown> }
const stateOf = (ctx: SimContext) => ctx.state<State>('dvcqg', () => ({ dossiers: new Map(), replay: new Replay() }));

export const dvcqgOperation = (msg: Record<string, unknown> | undefined): string => `dvcqg.${typeof msg?.service === 'string' ? msg.service : 'unknown'}`;

/** The first problem of a dossier item, naming the field. */
function checkDossier(d: Record<string, unknown>): string | null {
  if (typeof d.MaHoSo !== 'string' || !DOSSIER_NO.test(d.MaHoSo)) return 'MaHoSo';
  if (typeof d.MaTTHC !== 'string' || !PROCEDURE.test(d.MaTTHC)) return 'MaTTHC';
  if (typeof d.ChuHoSo !== 'string' || d.ChuHoSo === '') return 'ChuHoSo';
  if (d.LoaiDoiTuong !== '1' && d.LoaiDoiTuong !== '2') return 'LoaiDoiTuong';
  if (typeof d.NgayTiepNhan !== 'string' || !STAMP.test(d.NgayTiepNhan)) return 'NgayTiepNhan';
  if (d.NgayHenTra !== undefined && (typeof d.NgayHenTra !== 'string' || !STAMP.test(d.NgayHenTra))) return 'NgayHenTra';
  const st = Number(d.TrangThaiHoSo);
  if (!Number.isInteger(st) || st < 1 || st > 10) return 'TrangThaiHoSo';
  return null;
}

function checkProgress(p: Record<string, unknown>): string | null {
  if (typeof p.MaHoSo !== 'string' || !DOSSIER_NO.test(p.MaHoSo)) return 'MaHoSo';
  for (const f of ['NguoiXuLy', 'NoiDungXuLy'] as const) if (typeof p[f] !== 'string' || (p[f] as string).trim() === '') return f;
  if (typeof p.ThoiDiemXuLy !== 'string' || !STAMP.test(p.ThoiDiemXuLy)) return 'ThoiDiemXuLy';
  const st = Number(p.TrangThai);
  if (!Number.isInteger(st) || st < 1 || st > 10) return 'TrangThai';
  return null;
}

export function dvcqgService(msg: Record<string, unknown>, _path: string, req: IncomingMessage, res: ServerResponse, ctx: SimContext): void {
  const st = stateOf(ctx);
  const service = msg.service;
  const key = header(req, 'idempotency-key');
  const opKey = key ? `${String(service)}|${key}` : undefined;
  if (opKey && (service === 'DongBoHoSoMC' || service === 'CapNhatTienDoHoSoMC')) {
    ctx.counters.apply(`dvcqg.${service}`, key as string);
    const replay = st.replay.get(opKey);
    if (replay) return replyJson(res, 200, replay);
  }
  const answer = (body: Record<string, unknown>) => {
    if (opKey && body.error_code === '00') st.replay.set(opKey, body);
    replyJson(res, 200, body);
  };
  if (typeof msg.madonvi !== 'string' || msg.madonvi === '') return answer({ error_code: '01', message: 'Thiếu madonvi' });

  if (service === 'DongBoHoSoMC') {
    const items = Array.isArray(msg.data) ? (msg.data as Record<string, unknown>[]) : [];
    if (items.length === 0) return answer({ error_code: '01', message: 'Thiếu data' });
    const updating = msg.isUpdating === 'True';
    for (const d of items) {
      const bad = checkDossier(d);
      if (bad) return answer({ error_code: '01', message: `Trường ${bad} không hợp lệ`, field: bad });
      const exists = st.dossiers.has(d.MaHoSo as string);
      if (exists && !updating) return answer({ error_code: '02', message: `Hồ sơ ${String(d.MaHoSo)} đã tồn tại, dùng isUpdating "True"` });
      if (!exists && updating) return answer({ error_code: '03', message: `Hồ sơ ${String(d.MaHoSo)} chưa có trên Cổng` });
    }
    for (const d of items) {
      const prev = st.dossiers.get(d.MaHoSo as string);
      st.dossiers.set(d.MaHoSo as string, { item: { ...prev?.item, ...d }, progress: prev?.progress ?? [] });
    }
    return answer({ error_code: '00', message: 'Thành công', data: items.map((d) => ({ MaHoSo: d.MaHoSo, KetQua: updating ? 'cap_nhat' : 'them_moi' })) });
  }
  if (service === 'CapNhatTienDoHoSoMC') {
    const items = Array.isArray(msg.data) ? (msg.data as Record<string, unknown>[]) : [];
    if (items.length === 0) return answer({ error_code: '01', message: 'Thiếu data' });
    for (const p of items) {
      const bad = checkProgress(p);
      if (bad) return answer({ error_code: '01', message: `Trường ${bad} không hợp lệ`, field: bad });
      if (!st.dossiers.has(p.MaHoSo as string)) return answer({ error_code: '03', message: `Hồ sơ ${String(p.MaHoSo)} chưa có trên Cổng` });
    }
    for (const p of items) {
      const d = st.dossiers.get(p.MaHoSo as string) as Dossier;
      d.progress.push(p);
      d.item.TrangThaiHoSo = String(p.TrangThai);
    }
    return answer({ error_code: '00', message: 'Thành công' });
  }
  if (service === 'TraCuuHoSo') {
    const d = typeof msg.mahoso === 'string' ? st.dossiers.get(msg.mahoso) : undefined;
    if (!d) return answer({ error_code: '03', message: 'Không tìm thấy hồ sơ' });
    return answer({ error_code: '00', message: 'Thành công', data: { ...d.item, TienDo: d.progress } });
  }
  if (service === 'LayThuTuc') {
    const p = procedures.find((x) => x.MaTTHC === msg.maTTHC || x.MaTTHC.startsWith(`${String(msg.maTTHC)}.`));
    if (!p) return answer({ error_code: '03', message: 'Không tìm thấy thủ tục' });
    return answer({ error_code: '00', message: 'Thành công', data: p });
  }
  answer({ error_code: '01', message: `Dịch vụ không hỗ trợ: ${String(service)}` });
}
