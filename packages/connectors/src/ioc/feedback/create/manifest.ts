import { Type } from '@sinclair/typebox';
import { defineConnector } from '../../../sdk/types.js';
import { iocErrors } from '../../errors.js';

export const manifest = defineConnector({
  id: 'ioc:feedback:create',
  version: '1.0.0',
  category: 'ioc',
  title: { vi: 'Tạo phản ánh kiến nghị trên IOC', en: 'Create a citizen-feedback item on the IOC' },
  description: { vi: 'Cho phản ánh đến từ kênh khác (tổng đài, quầy). Người phản ánh có thể ẩn danh.', en: 'For feedback arriving on another channel (hotline, counter). The reporter may be anonymous.' },
  input: Type.Object({
    channel: Type.Union(['app', 'web', 'hotline', 'zalo', 'email', 'counter'].map((c) => Type.Literal(c))),
    content: Type.String({ minLength: 1 }), category: Type.String({ minLength: 1 }),
    location: Type.Object({ communeCode: Type.String({ pattern: '^\\d{5}$' }), lat: Type.Optional(Type.Number()), lon: Type.Optional(Type.Number()), address: Type.Optional(Type.String()) }, { additionalProperties: false }),
    reporter: Type.Optional(Type.Object({ name: Type.String(), phone: Type.Optional(Type.String()) }, { additionalProperties: false })),
  }, { additionalProperties: false }),
  output: Type.Object({ id: Type.String({ pattern: '^PAKN-\\d{4}-\\d{6}$' }), status: Type.Literal('received') }),
  credential: 'ioc',
  timeout: '20s',
  retry: { maximumAttempts: 10, initialInterval: '5s', backoffCoefficient: 2, maximumInterval: '10m' },
  errors: iocErrors,
  idempotent: true,
  idempotencyKey: 'Idempotency-Key header = hash of the step key; a replay returns the same id',
  personalData: [],
});
