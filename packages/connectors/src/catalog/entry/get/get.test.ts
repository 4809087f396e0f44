import { describe, expect, it } from 'vitest';
import { createHttpClient } from '../../../sdk/http.js';
import type { ConnectorDeps } from '../../../sdk/types.js';
import { entryGet } from './index.js';

// The platform's reader over the database is tested end to end in test/system/catalogues.test.ts; here, the connector's
// own rules over a catalogue version's rows: lookup by code, successor resolution, a missing code, no catalogue store.
const units = [
  { code: '21025', name: 'Phường Cẩm Thành', level: 'xa' },
  { code: '21172', name: 'Phường Trương Quang Trọng', level: 'xa' },
  { code: '91003', name: 'Xã Tịnh Khê', level: 'xa' },
  { code: '21001', name: 'Phường Lê Hồng Phong (cũ)', level: 'xa', successorCodes: ['21025'] },
  { code: '21100', name: 'Xã Tịnh Ấn Tây (cũ)', level: 'xa', successorCodes: ['21172', '91003'] },
  { code: '20900', name: 'Xã cũ hơn nữa', level: 'xa', successorCodes: ['21001'] },
];
const deps = (withStore = true): ConnectorDeps => ({
  http: createHttpClient(), credentials: { resolve: () => Promise.reject(new Error('no credential needed')) }, clock: () => new Date(),
  ...(withStore ? { catalogues: {
    calendar: () => Promise.reject(new Error('not read here')),
    rows: (kind: string, version?: number) => Promise.resolve({ rows: kind === 'admin-units' ? units : [], version: `${kind}@${version ?? 2}` }),
  } } : {}),
});
const run = (input: Record<string, unknown>, withStore = true) => entryGet.createActivity(deps(withStore))({ input, idempotencyKey: 'r/n', nodeId: 'donVi' });

describe('catalog:entry:get', () => {
  it('answers the row with the version read; an old unit resolves through its successors to the current ones', async () => {
    await expect(run({ catalogue: 'admin-units', code: '21025' })).resolves.toMatchObject({ code: '21025', catalogueVersion: 'admin-units@2', current: ['21025'] });
    await expect(run({ catalogue: 'admin-units', code: '20900', version: 1 })).resolves.toMatchObject({ catalogueVersion: 'admin-units@1', current: ['21025'] });
    await expect(run({ catalogue: 'admin-units', code: '21100' })).resolves.toMatchObject({ current: ['21172', '91003'], row: { name: 'Xã Tịnh Ấn Tây (cũ)' } });
  });

  it('a code the catalogue lacks is a coded error naming the catalogue, its version and the code', async () => {
    const err = await run({ catalogue: 'admin-units', code: '99999' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'CATALOGUE_ENTRY_NOT_FOUND', retryable: false, where: { nodeId: 'donVi', pointer: '/code' } });
    expect((err as Error).message).toBe('Catalogue admin-units (admin-units@2) has no code "99999"');
  });

  it('an unknown catalogue is an input error; a worker without the catalogue store answers a retryable coded error', async () => {
    await expect(run({ catalogue: 'dan-toc', code: '01' })).rejects.toMatchObject({ code: 'CONNECTOR_INPUT_INVALID' });
    await expect(run({ catalogue: 'agencies', code: '000.00.00.H48' }, false)).rejects.toMatchObject({ code: 'CATALOGUE_UNAVAILABLE', retryable: true });
  });
});
