import { xlsxWorkbook, type Sheet } from '../xlsx.js';
import type { IncidentStepKey } from '@lienthong/db';
import type { IncidentView, IncidentStepView } from './store.js';

export const STEP_TITLES: Record<IncidentStepKey, string> = {
  isolate: 'Cô lập sự cố / Isolate',
  backup: 'Sao lưu dữ liệu quan trọng trước khi khắc phục / Back up important data before the fix',
  onsite_log: 'Ghi nhật ký tại chỗ / Log on site',
  escalate: 'Báo cáo cấp trên / Escalate',
  announce_recovery: 'Thông báo thời gian khôi phục / Announce the recovery time',
  report: 'Báo cáo sự cố nghiêm trọng liên cơ quan / Report a serious multi-agency incident',
};

const SEVERITY_TITLES = { low: 'Thấp / Low', medium: 'Trung bình / Medium', high: 'Cao / High', critical: 'Nghiêm trọng / Critical' } as const;
const STATUS_TITLES = { open: 'Đang xử lý / Open', recovering: 'Đang khôi phục / Recovering', resolved: 'Đã khắc phục / Resolved' } as const;

/** The incidents of a period as one sheet (the monthly agency report's "Sự cố" sheet; F's operations reports read the same list). */
export function incidentsSheet(list: readonly IncidentView[]): Sheet {
  return {
    name: 'Sự cố',
    widths: { 0: 44, 1: 40, 2: 20, 3: 22, 4: 26, 5: 26, 6: 18, 7: 30, 8: 24 },
    rows: [
      ['Mã / Id', 'Tiêu đề / Title', 'Mức độ / Severity', 'Trạng thái / Status', 'Mở lúc / Opened', 'Khắc phục lúc / Resolved', 'Số phút / Minutes',
        'Cơ quan / Agencies', 'Phải báo cáo / Report required'],
      ...list.map((i) => [i.id, i.title, SEVERITY_TITLES[i.severity], STATUS_TITLES[i.status], i.openedAt, i.resolvedAt, i.recoveryMinutes,
        i.agencies.join(', '), i.reportRequired ? 'Có / Yes' : 'Không / No']),
    ],
  };
}

/**
 * The incident report R-17 asks for after a serious multi-agency incident: what happened, who was affected, each step
 * with who did it and when, and where the recovery time was announced.
 */
export function incidentReportXlsx(d: IncidentView & { steps: IncidentStepView[] }, generatedAt = new Date()): Buffer {
  return xlsxWorkbook([
    { name: 'Báo cáo sự cố', widths: { 0: 36, 1: 70 }, rows: [
      ['Mục / Field', 'Nội dung / Value'],
      ['Mã sự cố / Incident', d.id], ['Tiêu đề / Title', d.title], ['Mô tả / Description', d.description],
      ['Mức độ / Severity', SEVERITY_TITLES[d.severity]], ['Trạng thái / Status', STATUS_TITLES[d.status]],
      ['Từ cảnh báo / From alert', d.alertId === null ? '' : `#${d.alertId}`],
      ['Cơ quan bị ảnh hưởng / Agencies affected', d.agencies.join(', ')], ['Hệ thống bị ảnh hưởng / Systems affected', d.affectedSystems.join(', ')],
      ['Luồng bị ảnh hưởng / Flows affected', d.affectedFlows.join(', ')],
      ['Mở lúc, bởi / Opened at, by', `${d.openedAt}, ${d.openedBy}`], ['Dự kiến khôi phục / Recovery announced for', d.recoveryEta ?? ''],
      ['Khắc phục lúc, bởi / Resolved at, by', d.resolvedAt ? `${d.resolvedAt}, ${d.resolvedBy ?? ''}` : ''],
      ['Thời gian khắc phục (phút) / Minutes to recover', d.recoveryMinutes],
      ['Sự cố nghiêm trọng liên cơ quan / Serious multi-agency', d.reportRequired ? 'Có / Yes' : 'Không / No'],
      ['Lập lúc / Generated at', generatedAt.toISOString()],
    ] },
    { name: 'Các bước', widths: { 0: 60, 1: 18, 2: 28, 3: 26, 4: 40, 5: 40 }, rows: [
      ['Bước / Step', 'Trạng thái / State', 'Người thực hiện / By', 'Lúc / At', 'Ghi chú / Note', 'Liên kết / Link'],
      ...d.steps.map((s) => [STEP_TITLES[s.step], s.state, s.doneBy, s.doneAt, s.note, s.link]),
    ] },
    { name: 'Thông báo', widths: { 0: 14, 1: 40, 2: 12, 3: 26, 4: 40 }, rows: [
      ['Kênh / Channel', 'Nơi nhận / Target', 'Đã gửi / Sent', 'Lúc / At', 'Lỗi / Error'],
      ...d.announcements.map((a) => [a.channel, a.target, a.ok ? 'Có / Yes' : 'Không / No', a.at, a.error ?? '']),
    ] },
  ]);
}
