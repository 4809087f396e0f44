import { describe, expect, it } from 'vitest';
import { exampleTests, faultTests, noSecretLeakTest, useHarness } from '../../../testing/harness.js';
import { sampleDossier } from '../sync/examples.js';
import { dossierSync } from '../sync/index.js';
import { sampleStep } from './examples.js';
import { dossierProgress } from './index.js';

describe('dvcqg:dossier:progress', () => {
  const h = useHarness();
  exampleTests(h, dossierProgress);
  it('(setup: the sample dossier is on the portal)', async () => {
    await expect(h().run(dossierSync, { dossier: sampleDossier })).resolves.toMatchObject({ isUpdating: false });
  });
  faultTests(h, { mod: dossierProgress, input: { progress: sampleStep }, operation: 'dvcqg.CapNhatTienDoHoSoMC' });

  it('an invalid step is a business rejection naming the field (error_code 01)', async () => {
    const err = await h().fail(dossierProgress, { progress: { ...sampleStep, TrangThai: '4', ThoiDiemXuLy: '20260115093000', NguoiXuLy: ' ' } });
    expect(err.params).toMatchObject({ remoteCode: '01' });
    expect(String(err.params.detail)).toContain('NguoiXuLy');
  });

  noSecretLeakTest(h);
});
