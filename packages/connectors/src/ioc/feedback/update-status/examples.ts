import type { ConnectorExample } from '../../../sdk/types.js';

export const examples: ConnectorExample[] = [
  { name: 'PAKN-2026-000123 verified', input: { feedbackId: 'PAKN-2026-000123', to: 'verified', by: 'Tổ tiếp nhận IOC', note: 'Đúng địa bàn, không trùng' }, output: { status: 'verified' } },
  { name: 'then assigned to Phường Cẩm Thành', input: { feedbackId: 'PAKN-2026-000123', to: 'assigned', by: 'Điều phối viên', assignedUnitCode: '000.25.94.H48' }, output: { status: 'assigned', historyLength: 2 } },
  { name: 'closing before it is resolved is refused', input: { feedbackId: 'PAKN-2026-000123', to: 'closed', by: 'Điều phối viên' }, error: 'INVALID_TRANSITION' },
  { name: 'unknown item', input: { feedbackId: 'PAKN-2026-999999', to: 'verified', by: 'x' }, error: 'FEEDBACK_NOT_FOUND' },
];
