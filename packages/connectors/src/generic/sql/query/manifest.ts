import { Type } from '@sinclair/typebox';
import { defineConnector } from '../../../sdk/types.js';

const Param = Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Null()]);

export const manifest = defineConnector({
  id: 'generic:sql:query',
  version: '1.0.0',
  category: 'generic',
  title: { vi: 'Truy vấn SQL (PostgreSQL)', en: 'SQL query (PostgreSQL)' },
  description: {
    vi: 'Chạy một câu lệnh có tham số ($1, $2…) trên cơ sở dữ liệu PostgreSQL của thông tin xác thực. Mặc định chỉ đọc (giao dịch READ ONLY); giới hạn số dòng và thời gian chạy. Lỗi kết nối, hết thời gian, xung đột tuần tự thì thử lại; lỗi cú pháp, vi phạm ràng buộc thì không.',
    en: 'Runs one parameterised statement ($1, $2…) on the credential\'s PostgreSQL database. Read-only by default (a READ ONLY transaction); rows and run time are capped. Connection loss, timeouts and serialization conflicts are retried; syntax errors and constraint violations are not.',
  },
  input: Type.Object({
    sql: Type.String({ minLength: 1, maxLength: 20_000, title: 'Câu lệnh SQL (tham số $1, $2…)' }),
    params: Type.Optional(Type.Array(Param, { maxItems: 100, title: 'Tham số' })),
    readOnly: Type.Optional(Type.Boolean({ default: true, title: 'Chỉ đọc' })),
    maxRows: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000, default: 1000, title: 'Số dòng tối đa' })),
    timeoutMs: Type.Optional(Type.Integer({ minimum: 100, maximum: 120_000, default: 30_000 })),
  }, { additionalProperties: false }),
  output: Type.Object({
    rows: Type.Array(Type.Record(Type.String(), Type.Unknown())),
    rowCount: Type.Integer({ minimum: 0 }),
    truncated: Type.Boolean(),
  }),
  credential: 'postgres',
  timeout: '150s',
  retry: { maximumAttempts: 4, initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '30s' },
  errors: ['CONNECTOR_TIMEOUT', 'CONNECTOR_UNAVAILABLE', 'CONNECTOR_NETWORK', 'CONNECTOR_REJECTED', 'CONNECTOR_AUTH_FAILED'],
  idempotent: false,
  idempotencyKey: 'none: a read-only query is naturally idempotent; a writing statement should carry its own key (e.g. ON CONFLICT on a key column fed from $run.id)',
  personalData: ['/rows'],
});
