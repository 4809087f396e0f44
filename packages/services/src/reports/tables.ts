import type { RunStatsRow } from '../run-stats.js';
import type { OperationsReport } from './data.js';

export type Cell = string | number | null;
export interface Column { header: string; width: number; format?: 'percent' | 'integer' }

/** One section of a report: a sheet of the XLSX and a titled table of the PDF, with the same rows. */
export interface ReportTable {
  /** Sheet name (≤ 31 characters). */
  sheet: string;
  /** Heading, Vietnamese / English. */
  title: string;
  columns: Column[];
  rows: Cell[][];
}

const KIND_TITLE: Record<OperationsReport['kind'], string> = {
  monthly: 'Báo cáo vận hành tháng / Monthly operations report',
  semiannual: 'Báo cáo vận hành 6 tháng / Six-monthly operations report',
  annual: 'Báo cáo vận hành năm / Annual operations report',
  adhoc: 'Báo cáo vận hành đột xuất / Ad hoc operations report',
};

/** The report's title line, e.g. "Báo cáo vận hành năm / Annual operations report — Năm 2026 / Year 2026". */
export const reportTitle = (r: OperationsReport): string => `${KIND_TITLE[r.kind]} — ${r.period.label.vi} / ${r.period.label.en}`;

const runColumns = (first: string): Column[] => [
  { header: first, width: 30 }, { header: 'Số lượt / Started', width: 14, format: 'integer' }, { header: 'Hoàn thành / Completed', width: 16, format: 'integer' },
  { header: 'Thất bại / Failed', width: 14, format: 'integer' }, { header: 'Khác / Other', width: 12, format: 'integer' },
  { header: 'Đang chạy / Running', width: 14, format: 'integer' }, { header: 'Tỷ lệ thành công / Success rate', width: 18, format: 'percent' },
];
const runRow = (r: RunStatsRow): Cell[] => [r.key || '—', r.started, r.completed, r.failed, r.other, r.running, r.successRate];

/** The report as tables, in reading order: the same numbers for the spreadsheet and the PDF. */
export function reportTables(r: OperationsReport): ReportTable[] {
  const t = r.runs.total;
  const e = r.exchanges;
  return [
    { sheet: 'Tổng quan', title: 'Tổng quan / Summary', columns: [{ header: 'Chỉ số / Measure', width: 44 }, { header: 'Giá trị / Value', width: 40 }], rows: [
      ['Kỳ báo cáo / Period', `${r.period.label.vi} / ${r.period.label.en}`],
      ['Từ / From', r.period.from], ['Đến (không gồm) / To (excluded)', r.period.to],
      ['Phạm vi / Scope', r.agency ? `Cơ quan / Agency ${r.agency}` : 'Toàn nền tảng / Whole platform'],
      ['Lượt chạy / Runs', t.started], ['Hoàn thành / Completed', t.completed], ['Thất bại / Failed', t.failed],
      ['Trao đổi dữ liệu / Data exchanges', e.total], ['Đã giao / Delivered', e.delivered],
      ['Hệ thống kết nối / Connected systems', r.systems.total],
      ['Sự cố / Incidents', r.incidents.total], ['Sự cố phải báo cáo / Incidents to report', r.incidents.reportRequired],
      ['Thời gian khắc phục trung bình (phút) / Mean minutes to recover', r.incidents.meanMinutesToRecover],
      ['Đợt bảo trì / Maintenance windows', r.maintenance.total], ['Phút bảo trì / Maintenance minutes', r.maintenance.minutes],
      ['Lập lúc / Generated at', r.generatedAt],
    ] },
    { sheet: 'Lượt chạy theo luồng', title: 'Lượt chạy theo luồng / Runs by flow', columns: runColumns('Luồng / Flow'), rows: [...r.runs.byFlow.map(runRow), runRow(t)] },
    { sheet: 'Theo cơ quan', title: 'Lượt chạy theo cơ quan / Runs by agency', columns: runColumns('Cơ quan / Agency'), rows: r.runs.byAgency.map(runRow) },
    { sheet: 'Theo kết quả', title: 'Lượt chạy theo kết quả / Runs by outcome', columns: [{ header: 'Kết quả / Outcome', width: 24 }, { header: 'Số lượt / Runs', width: 14, format: 'integer' }],
      rows: r.runs.byOutcome.map((o) => [o.key, o.started]) },
    { sheet: 'Theo tháng', title: 'Lượt chạy theo tháng / Runs by month', columns: runColumns('Tháng / Month'), rows: r.runs.byMonth.map(runRow) },
    { sheet: 'Trao đổi', title: 'Trao đổi dữ liệu / Data exchanges', columns: [
      { header: 'Hệ thống gửi / Source', width: 24 }, { header: 'Hệ thống nhận / Destination', width: 24 }, { header: 'Tổng / Total', width: 10, format: 'integer' },
      { header: 'Đã giao / Delivered', width: 12, format: 'integer' }, { header: 'Không thành / Not delivered', width: 16, format: 'integer' },
      { header: 'Đang xử lý / In progress', width: 14, format: 'integer' }, { header: 'Dung lượng (byte) / Bytes', width: 16, format: 'integer' },
    ], rows: [...e.byRoute.map((x) => [x.source, x.destination, x.total, x.delivered, x.notDelivered, x.inProgress, x.bytes]),
      ['Tổng / Total', '', e.total, e.delivered, e.notDelivered, e.inProgress, e.bytes]] },
    { sheet: 'Trao đổi theo trạng thái', title: 'Trao đổi theo trạng thái / Exchanges by status', columns: [{ header: 'Trạng thái / Status', width: 26 }, { header: 'Số lượng / Count', width: 14, format: 'integer' }],
      rows: e.byStatus.map((x) => [x.status, x.count]) },
    { sheet: 'Hệ thống kết nối', title: 'Hệ thống kết nối / Connected systems', columns: [
      { header: 'Mã / Code', width: 20 }, { header: 'Cơ quan / Agency', width: 18 }, { header: 'Tên / Name', width: 30 }, { header: 'Trạng thái / Status', width: 14 },
      { header: 'Lượt chạy / Runs', width: 12, format: 'integer' }, { header: 'Gửi / Sent', width: 10, format: 'integer' }, { header: 'Nhận / Received', width: 12, format: 'integer' },
    ], rows: r.systems.rows.map((s) => [s.code, s.agency, s.name, s.status, s.runs, s.exchangesSent, s.exchangesReceived]) },
    { sheet: 'Mức sẵn sàng', title: 'Mức sẵn sàng / Availability', columns: [
      { header: 'Đối tượng / Subject', width: 30 }, { header: 'Số lần gián đoạn / Outages', width: 18, format: 'integer' },
      { header: 'Phút gián đoạn ngoài bảo trì / Unplanned minutes down', width: 18, format: 'integer' },
      { header: 'Sẵn sàng (trừ bảo trì) / Availability (less maintenance)', width: 16, format: 'percent' },
      { header: 'Phút bảo trì theo kế hoạch / Planned maintenance minutes', width: 18, format: 'integer' },
    ], rows: r.availability.map((a) => [a.kind === 'platform' ? 'Nền tảng / Platform' : a.subject, a.outages, a.downMinutes, a.availability, a.plannedMinutes]) },
    { sheet: 'Sự cố', title: 'Sự cố / Incidents', columns: [
      { header: 'Mã / Id', width: 16 }, { header: 'Tiêu đề / Title', width: 34 }, { header: 'Mức độ / Severity', width: 12 }, { header: 'Trạng thái / Status', width: 12 },
      { header: 'Mở lúc / Opened at', width: 22 }, { header: 'Phút khắc phục / Minutes to recover', width: 16, format: 'integer' },
      { header: 'Cơ quan / Agencies', width: 22 }, { header: 'Phải báo cáo / Report required', width: 14 },
    ], rows: r.incidents.rows.map((i) => [i.id, i.title, i.severity, i.status, i.openedAt, i.recoveryMinutes, i.agencies.join(', '), i.reportRequired ? 'Có / Yes' : 'Không / No']) },
    { sheet: 'Bảo trì', title: 'Bảo trì theo kế hoạch / Planned maintenance', columns: [
      { header: 'Phạm vi / Scope', width: 14 }, { header: 'Đối tượng / Target', width: 20 }, { header: 'Bắt đầu / Starts', width: 22 }, { header: 'Kết thúc / Ends', width: 22 },
      { header: 'Phút trong kỳ / Minutes in period', width: 16, format: 'integer' }, { header: 'Báo trước (giờ) / Notice (hours)', width: 16 }, { header: 'Lý do / Reason', width: 34 },
    ], rows: r.maintenance.rows.map((w) => [w.scope, w.target || 'Nền tảng / Platform', w.startsAt, w.endsAt, w.minutesInPeriod, w.noticeHours, w.reason.vi]) },
  ];
}
