import type { ConnectorExample } from '../../../sdk/types.js';

// Run in record.test.ts against an in-memory register and, against the platform's table, in test/system/ioc-feedback.test.ts.
export const examples: ConnectorExample[] = [
  { name: 'a street light reported in Cẩm Thành', input: { feedbackId: 'PAKN-2026-000201', status: 'received', content: 'Đèn đường hỏng trên đường Hùng Vương', category: 'ha_tang_do_thi', communeCode: '21025', receivedAt: '2026-12-01T08:00:00+07:00' }, output: { duplicateOf: null } },
  { name: 'the same report an hour later: a duplicate', input: { feedbackId: 'PAKN-2026-000202', status: 'received', content: 'Đèn đường  hỏng trên đường Hùng Vương.', category: 'ha_tang_do_thi', communeCode: '21025', receivedAt: '2026-12-01T09:00:00+07:00' }, output: { duplicateOf: 'PAKN-2026-000201' } },
  { name: 'a received item without its content', input: { feedbackId: 'PAKN-2026-000203', status: 'received' }, error: 'CONNECTOR_INPUT_INVALID' },
];
