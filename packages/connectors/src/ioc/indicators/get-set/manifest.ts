import { Type } from '@sinclair/typebox';
import { defineConnector } from '../../../sdk/types.js';
import { iocErrors } from '../../errors.js';

export const manifest = defineConnector({
  id: 'ioc:indicators:getSet',
  version: '1.0.0',
  category: 'ioc',
  title: { vi: 'Lấy bộ chỉ số IOC', en: 'Get the IOC indicator set' },
  description: { vi: 'Các chỉ số đã phê duyệt: mã, đơn vị, chu kỳ, cách tổng hợp, cấp địa bàn.', en: 'The approved indicators: code, unit, periodicity, aggregation, area level.' },
  input: Type.Object({}, { additionalProperties: false }),
  output: Type.Object({ items: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), unit: Type.String(), periodicity: Type.String(), aggregation: Type.String(), areaLevel: Type.String() })) }),
  credential: 'ioc',
  timeout: '20s',
  retry: { maximumAttempts: 5, initialInterval: '2s', backoffCoefficient: 2, maximumInterval: '1m' },
  errors: iocErrors,
  idempotent: true,
  readOnly: true,
  idempotencyKey: 'read-only',
  personalData: [],
});
