import type { ConnectorExample } from '../../../sdk/types.js';

export const examples: ConnectorExample[] = [
  { name: 'a hotline call about flooding', input: { channel: 'hotline', content: 'Ngập nước tại ngã tư Quang Trung - Hùng Vương', category: 'ha_tang_do_thi', location: { communeCode: '21028', address: 'Ngã tư Quang Trung - Hùng Vương' } }, output: { status: 'received' } },
];
