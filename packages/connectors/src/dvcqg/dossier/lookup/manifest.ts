import { Type } from '@sinclair/typebox';
import { defineConnector } from '../../../sdk/types.js';
import { DossierNo, dvcqgErrors } from '../shared.js';

export const manifest = defineConnector({
  id: 'dvcqg:dossier:lookup',
  version: '1.0.0',
  category: 'dvcqg',
  title: { vi: 'Tra cứu hồ sơ trên Cổng DVCQG (TraCuuHoSo)', en: 'Look a dossier up on the national portal (TraCuuHoSo)' },
  description: { vi: 'Không có hồ sơ là error_code 03 (từ chối nghiệp vụ).', en: 'An unknown dossier is error_code 03 (a business rejection).' },
  input: Type.Object({ dossierNo: DossierNo }, { additionalProperties: false }),
  output: Type.Object({ dossier: Type.Object({ MaHoSo: Type.String(), TrangThaiHoSo: Type.String() }) }),
  credential: 'ngsp-adapter',
  timeout: '20s',
  retry: { maximumAttempts: 3, initialInterval: '2s', backoffCoefficient: 2 },
  errors: dvcqgErrors,
  idempotent: true,
  readOnly: true,
  idempotencyKey: 'read-only',
  personalData: ['/dossier'],
});
