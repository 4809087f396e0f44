import type { ConnectorExample } from '../../../sdk/types.js';

export const examples: ConnectorExample[] = [
  { name: 'ethnicity code → name (Hrê)', input: { catalog: 'ethnicity', from: 'csdlqg-dc', to: 'ten', value: '19' }, output: { value: 'Hrê' } },
  { name: 'ethnicity name → code, case and Unicode form ignored', input: { catalog: 'ethnicity', from: 'ten', to: 'csdlqg-dc', value: 'KHMER' }, output: { value: '05' } },
  { name: 'sex 1/2 → M/F', input: { catalog: 'sex', from: 'csdlqg-dc', to: 'mf', value: '2' }, output: { value: 'F', name: 'Nữ' } },
  { name: 'old commune code → new (LÊ MINH TRÍ\'s permanent address)', input: { catalog: 'commune', from: 'dvhc-2024', to: 'dvhc-2025', value: '28990' }, output: { value: '92001', name: 'Phường Long Châu', catalogVersion: '2025.07' } },
  { name: 'an unchanged commune maps to itself', input: { catalog: 'commune', from: 'dvhc-2024', to: 'dvhc-2025', value: '21025' }, output: { value: '21025' } },
  { name: 'dossier status 10 → name', input: { catalog: 'dossier-status', from: 'dvcqg', to: 'ten', value: '10' }, output: { value: 'Đã trả kết quả' } },
  { name: '"unknown" sex has no code in a 1/0 system', input: { catalog: 'sex', from: 'csdlqg-dc', to: 'bhxh', value: '0' }, error: 'CATALOG_UNMAPPABLE' },
  { name: 'a split commune needs a human', input: { catalog: 'commune', from: 'dvhc-2024', to: 'dvhc-2025', value: '21100' }, error: 'CATALOG_AMBIGUOUS' },
];
