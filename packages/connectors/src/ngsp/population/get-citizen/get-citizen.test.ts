import { describe, expect, it } from 'vitest';
import { exampleTests, faultTests, noSecretLeakTest, useHarness } from '../../../testing/harness.js';
import { getCitizen } from './index.js';

const input = { purpose: '1.001193', officerId: '051085000111', citizenId: '051090123456' };

describe('ngsp:population:getCitizen', () => {
  const h = useHarness();
  exampleTests(h, getCitizen);
  faultTests(h, { mod: getCitizen, input, operation: 'population.TraCuuThongTinCongDan' });

  it('keeps nothing the node did not ask for (data minimisation)', async () => {
    const out = await h().run(getCitizen, { ...input, fields: ['DanToc'] });
    expect(Object.keys(out.record as object).sort()).toEqual(['DanToc', 'SoDinhDanh']);
  });

  it('not found is non-retryable and keeps the remote code', async () => {
    const err = await h().fail(getCitizen, { ...input, citizenId: '051090999999' });
    expect(err).toMatchObject({ code: 'CONNECTOR_REJECTED', retryable: false });
    expect(err.params.remoteCode).toBe('NOT_FOUND');
  });

  it('a reply in decomposed Unicode (NFD) or with a BOM comes out in NFC, equal to the normal one', async () => {
    const normal = await h().run(getCitizen, input);
    for (const encoding of ['nfd', 'bom'] as const) {
      h().sim.faults.set('population.TraCuuThongTinCongDan', { encoding, count: 1 });
      const out = await h().run(getCitizen, input);
      expect(out.record).toEqual(normal.record);
    }
    expect(JSON.stringify(normal.record)).toContain('NGUYỄN'.normalize('NFC'));
  });

  noSecretLeakTest(h);
});
