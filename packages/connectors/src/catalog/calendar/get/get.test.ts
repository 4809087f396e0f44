import { describe, expect, it } from 'vitest';
import { createHttpClient } from '../../../sdk/http.js';
import type { ConnectorDeps } from '../../../sdk/types.js';
import type { CatalogueReader } from '../../reader.js';

type CalendarOnly = Pick<CatalogueReader, 'calendar'>;
import { calendarGet } from './index.js';

// The platform's reader over the database is tested end to end in test/system/catalogues.test.ts; here, the connector's
// own rules: the input it takes, the shape it answers, and a worker without catalogues.
const deps = (calendarOnly?: CalendarOnly): ConnectorDeps => ({
  http: createHttpClient(), credentials: { resolve: () => Promise.reject(new Error('no credential needed')) }, clock: () => new Date(),
  ...(calendarOnly ? { catalogues: { ...calendarOnly, rows: () => Promise.reject(new Error('not read here')) } } : {}),
});
const calendar = (version: number) => ({ kind: 'working-calendar' as const, version: `calendar@${version}`, timeZone: 'Asia/Ho_Chi_Minh' as const,
  weekend: [0, 6], years: [2027], holidays: ['2027-02-05'], workingDays: [] });

describe('catalog:calendar:get', () => {
  it('answers the version asked for, or the current one', async () => {
    const asked: (number | undefined)[] = [];
    const act = calendarGet.createActivity(deps({ calendar: (v) => { asked.push(v); return Promise.resolve(calendar(v ?? 7)); } }));
    await expect(act({ input: {}, idempotencyKey: 'r/n' })).resolves.toMatchObject({ version: 'calendar@7', holidays: ['2027-02-05'] });
    await expect(act({ input: { version: 3 }, idempotencyKey: 'r/n' })).resolves.toMatchObject({ version: 'calendar@3' });
    expect(asked).toEqual([undefined, 3]);
  });

  it('a version that is not a positive integer is an input error at /version', async () => {
    const act = calendarGet.createActivity(deps({ calendar: () => Promise.resolve(calendar(1)) }));
    await expect(act({ input: { version: 0 }, idempotencyKey: 'r/n', nodeId: 'lich' })).rejects.toMatchObject({ code: 'CONNECTOR_INPUT_INVALID', where: { nodeId: 'lich', pointer: '/version' } });
  });

  it('a worker without the catalogue store answers a retryable coded error', async () => {
    const err = await calendarGet.createActivity(deps())({ input: {}, idempotencyKey: 'r/n' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'CATALOGUE_UNAVAILABLE', retryable: true });
  });
});
