import type { ConnectorExample } from '../../../sdk/types.js';

// Run by the folder's test against a real PostgreSQL (CI's, or a throwaway one).
export const examples: ConnectorExample[] = [
  { name: 'a read-only lookup with parameters', input: { sql: 'select $1::text as ma_don_vi, $2::int as so_ho_so', params: ['000.00.91.H48', 7] },
    output: { rows: [{ ma_don_vi: '000.00.91.H48', so_ho_so: 7 }], rowCount: 1, truncated: false } },
  { name: 'a write in read-only mode is refused', input: { sql: 'create table khong_duoc (id int)' }, error: 'CONNECTOR_SQL_READ_ONLY' },
  { name: 'several statements in one step are refused', input: { sql: 'commit; create table khong_duoc (id int)' }, error: 'CONNECTOR_SQL_MULTIPLE_STATEMENTS' },
];
