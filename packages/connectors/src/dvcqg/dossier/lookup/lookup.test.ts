import { describe, expect, it } from 'vitest';
import { exampleTests, faultTests, noSecretLeakTest, useHarness } from '../../../testing/harness.js';
import { sampleDossier } from '../sync/examples.js';
import { dossierSync } from '../sync/index.js';
import { dossierLookup } from './index.js';

describe('dvcqg:dossier:lookup', () => {
  const h = useHarness();
  exampleTests(h, dossierLookup);
  it('finds a synced dossier with its status', async () => {
    await h().run(dossierSync, { dossier: sampleDossier });
    await expect(h().run(dossierLookup, { dossierNo: sampleDossier.MaHoSo })).resolves.toMatchObject({ dossier: { MaHoSo: sampleDossier.MaHoSo, TrangThaiHoSo: '2' } });
  });
  faultTests(h, { mod: dossierLookup, input: { dossierNo: sampleDossier.MaHoSo }, operation: 'dvcqg.TraCuuHoSo' });

  it('a reply without error_code is a bad reply, not a success', async () => {
    // The malformed fault cuts the JSON; a well-formed reply missing error_code is covered by expectOk's unit path.
    h().sim.faults.set('dvcqg.TraCuuHoSo', { malformed: true, count: 1 });
    expect(await h().fail(dossierLookup, { dossierNo: sampleDossier.MaHoSo })).toMatchObject({ code: 'CONNECTOR_BAD_REPLY', retryable: false });
  });

  noSecretLeakTest(h);
});
