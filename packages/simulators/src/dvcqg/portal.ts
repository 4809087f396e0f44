import type { IncomingMessage, ServerResponse } from 'node:http';
import { header, parseJsonBody, Replay, replyJson } from '../respond.js';
import type { SimContext, SimRoute } from '../server.js';

/**
 * DVCQG (national public-service portal) services behind NGSP, dstcode
 * VN:GOV:000.00.00.G22:vpcpdvcprovider (DOMAIN §6.6) [PUB fields, ASM error codes]:
 *   DongBoHoSoMC        sync dossiers (isUpdating "True" when the dossier is already there)
 *   CapNhatTienDoHoSoMC push processing steps
 *   TraCuuHoSo          look a dossier up
 *   LayThuTuc           get a procedure
 *   LayDanhSachHoSoMC   dossiers created or changed since a cursor (`sau`), by anyone but the asking unit (madonvi):
 *                       {data:[{...dossier, PhienBan}], ViTri: next cursor, ConNua: more after this page}; without
 *                       `sau`, only the current ViTri (where a new reader starts)
 * And, outside NGSP, the portal's own front door: POST /dvcqg/portal/dossiers, a citizen submitting (or amending) a
 * dossier online, which is how new dossiers appear on the portal.
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

/** `version` counts the dossier's changes (PhienBan); `seq` is the portal-wide change number of its last change, `by` who made it. */
interface Dossier { item: Record<string, unknown>; progress: Record<string, unknown>[]; version: number; seq: number; by: string }
interface State { dossiers: Map<string, Dossier>; replay: Replay<unknown>; seq: number }
const stateOf = (ctx: SimContext) => ctx.state<State>('dvcqg', () => ({ dossiers: new Map(), replay: new Replay(), seq: 0 }));
const MAX_PAGE = 100;

/** Records a dossier's new state as one change (a new PhienBan, the next change number). */
function change(st: State, d: Record<string, unknown>, by: string): Dossier {
  const prev = st.dossiers.get(d.MaHoSo as string);
  st.seq += 1;
  const next = { item: { ...prev?.item, ...d }, progress: prev?.progress ?? [], version: (prev?.version ?? 0) + 1, seq: st.seq, by };
  st.dossiers.set(d.MaHoSo as string, next);
  return next;
}

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
    for (const d of items) change(st, d, msg.madonvi);
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
      change(st, { ...d.item, TrangThaiHoSo: String(p.TrangThai) }, msg.madonvi);
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
  if (service === 'LayDanhSachHoSoMC') {
    if (msg.sau === undefined) return answer({ error_code: '00', message: 'Thành công', data: [], ViTri: String(st.seq), ConNua: false });
    const after = Number(msg.sau);
    if (!Number.isInteger(after) || after < 0) return answer({ error_code: '01', message: 'Trường sau không hợp lệ', field: 'sau' });
    const size = Math.min(MAX_PAGE, Math.max(1, Number(msg.soLuong) || MAX_PAGE));
    const changed = [...st.dossiers.values()].filter((d) => d.seq > after).sort((a, b) => a.seq - b.seq);
    const page = changed.slice(0, size);
    const last = page.at(-1)?.seq ?? after;
    // A unit is not told of its own changes (a routing flow syncing a dossier back does not start itself again).
    const data = page.filter((d) => d.by !== msg.madonvi).map((d) => ({ ...d.item, PhienBan: d.version }));
    return answer({ error_code: '00', message: 'Thành công', data, ViTri: String(last), ConNua: changed.length > page.length });
  }
  answer({ error_code: '01', message: `Dịch vụ không hỗ trợ: ${String(service)}` });
}

/** A citizen submits (or amends) a dossier on the portal: the item's fields as DongBoHoSoMC takes them. */
function submitOnPortal(_req: IncomingMessage, body: string, res: ServerResponse, ctx: SimContext): void {
  const d = parseJsonBody(body);
  const bad = d ? checkDossier(d) : 'body';
  if (!d || bad) return replyJson(res, 400, { error_code: '01', message: `Trường ${String(bad)} không hợp lệ`, field: bad });
  const saved = change(stateOf(ctx), d, 'DVCQG');
  replyJson(res, saved.version === 1 ? 201 : 200, { error_code: '00', MaHoSo: d.MaHoSo, PhienBan: saved.version });
}

export const DVCQG_PORTAL_PATH = '/dvcqg/portal';
export const dvcqgPortalRoutes: SimRoute[] = [
  { method: 'POST', path: `${DVCQG_PORTAL_PATH}/dossiers`, operation: 'dvcqg.portalSubmit', handler: submitOnPortal },
];
