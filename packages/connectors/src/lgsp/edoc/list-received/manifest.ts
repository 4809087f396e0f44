import { Type } from '@sinclair/typebox';
import { defineConnector } from '../../../sdk/types.js';
import { lgspErrors } from '../errors.js';
import { IsoDate } from '../schemas.js';

const Item = Type.Object({
  id: Type.String(), messageType: Type.Union([Type.Literal('edoc'), Type.Literal('status')]), docId: Type.String(), documentId: Type.String(),
  from: Type.String(), subject: Type.Optional(Type.String()), statusCode: Type.Optional(Type.String()), description: Type.Optional(Type.String()), createdAt: Type.String(),
});

export const manifest = defineConnector({
  id: 'lgsp:edoc:listReceived',
  version: '1.0.0',
  category: 'lgsp',
  title: { vi: 'Nhận danh sách văn bản / trạng thái đến (LGSP)', en: 'List received e-documents / statuses (LGSP)' },
  description: {
    vi: 'Gọi syncReceivedEdocList cho khoảng ngày (thường mỗi 5 phút từ lần đồng bộ trước). Bỏ bản tin trùng; với trạng thái, giữ trạng thái cao nhất của mỗi văn bản và ghi nhận bất thường (đến sai thứ tự).',
    en: 'Calls syncReceivedEdocList for a date range (typically every 5 minutes from the last sync). Drops duplicate deliveries; for statuses keeps the highest state per document and reports anomalies (out of order).',
  },
  input: Type.Object({
    messageType: Type.Union([Type.Literal('edoc'), Type.Literal('status')], { default: 'edoc' }),
    fromDate: IsoDate,
    toDate: Type.Optional(IsoDate),
  }, { additionalProperties: false }),
  output: Type.Object({
    items: Type.Array(Item),
    duplicatesDropped: Type.Integer({ minimum: 0 }),
    latestStatus: Type.Array(Type.Object({ docId: Type.String(), documentId: Type.String(), from: Type.String(), statusCode: Type.String() })),
    anomalies: Type.Array(Type.Object({ docId: Type.String(), from: Type.String(), statusCode: Type.String(), kept: Type.String(), kind: Type.Literal('out_of_order') })),
  }),
  credential: 'lgsp-edoc',
  timeout: '20s',
  retry: { maximumAttempts: 5, initialInterval: '2s', backoffCoefficient: 2, maximumInterval: '1m' },
  errors: lgspErrors,
  idempotent: true,
  readOnly: true,
  idempotencyKey: 'read-only; the same range returns the same messages',
  personalData: [],
});
