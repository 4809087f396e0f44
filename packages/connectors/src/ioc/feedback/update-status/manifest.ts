import { Type } from '@sinclair/typebox';
import { defineConnector } from '../../../sdk/types.js';
import { iocErrors } from '../../errors.js';

export const FEEDBACK_STATES = ['received', 'verified', 'assigned', 'processing', 'resolved', 'closed', 'rejected', 'returned_to_dispatcher'] as const;

export const manifest = defineConnector({
  id: 'ioc:feedback:updateStatus',
  version: '1.0.0',
  category: 'ioc',
  title: { vi: 'Cập nhật trạng thái phản ánh kiến nghị lên IOC', en: 'Update citizen-feedback status on the IOC' },
  description: {
    vi: 'Báo mỗi bước xử lý PAKN về IOC: received → verified → assigned → processing → resolved → closed; rejected, returned_to_dispatcher. Bước không hợp lệ là INVALID_TRANSITION.',
    en: 'Reports every step of a feedback item to the IOC: received → verified → assigned → processing → resolved → closed; rejected, returned_to_dispatcher. An invalid move is INVALID_TRANSITION.',
  },
  input: Type.Object({
    feedbackId: Type.String({ pattern: '^PAKN-\\d{4}-\\d{6}$' }),
    to: Type.Union(FEEDBACK_STATES.map((s) => Type.Literal(s))),
    by: Type.String({ minLength: 1, title: 'Người / đơn vị thực hiện' }),
    note: Type.Optional(Type.String()),
    at: Type.Optional(Type.String({ format: 'date-time' })),
    assignedUnitCode: Type.Optional(Type.String({ title: 'Đơn vị được giao (khi to = assigned)' })),
  }, { additionalProperties: false }),
  output: Type.Object({ feedbackId: Type.String(), status: Type.String(), historyLength: Type.Integer() }),
  credential: 'ioc',
  timeout: '20s',
  retry: { maximumAttempts: 10, initialInterval: '5s', backoffCoefficient: 2, maximumInterval: '10m' },
  errors: iocErrors,
  idempotent: true,
  idempotencyKey: 'idempotencyKey (body and header) = hash of the step key',
  personalData: [],
});
