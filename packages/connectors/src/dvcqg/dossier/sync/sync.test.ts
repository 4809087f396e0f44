import { describe, expect, it } from 'vitest';
import { outboundKey } from '../../../sdk/idempotency.js';
import { exampleTests, faultTests, noSecretLeakTest, useHarness } from '../../../testing/harness.js';
import { dossierLookup } from '../lookup/index.js';
import { sampleStep } from '../progress/examples.js';
import { dossierProgress } from '../progress/index.js';
import { sampleDossier } from './examples.js';
import { dossierSync } from './index.js';

let n = 100;
const fresh = () => ({ dossier: { ...sampleDossier, MaHoSo: `000.25.94.H48-260115-${String((n += 1)).padStart(4, '0')}` } });
type DvcqgState = { dossiers: Map<string, { item: Record<string, unknown>; progress: unknown[] }> };

describe('dvcqg:dossier:sync, progress and lookup', () => {
  const h = useHarness();
  const state = () => h().sim.state<DvcqgState>('dvcqg', () => ({ dossiers: new Map() }));
  exampleTests(h, dossierSync);
  faultTests(h, { mod: dossierSync, input: fresh, operation: 'dvcqg.DongBoHoSoMC' });

  it('the §7.b path: received (2) → progress 4 → 9 → 10, visible through TraCuuHoSo', async () => {
    const input = fresh();
    await h().run(dossierSync, input);
    for (const [TrangThai, NoiDungXuLy] of [['4', 'Thụ lý'], ['9', 'Đã giải quyết'], ['10', 'Đã trả kết quả']]) {
      await h().run(dossierProgress, { progress: { ...sampleStep, MaHoSo: input.dossier.MaHoSo, TrangThai, NoiDungXuLy } });
    }
    const out = await h().run(dossierLookup, { dossierNo: input.dossier.MaHoSo });
    expect(out.dossier).toMatchObject({ MaHoSo: input.dossier.MaHoSo, TrangThaiHoSo: '10' });
    expect(state().dossiers.get(input.dossier.MaHoSo)?.progress).toHaveLength(3);
  });

  it('a failAfterApply 503 followed by the retry syncs the dossier exactly once', async () => {
    const input = fresh();
    h().sim.faults.set('dvcqg.DongBoHoSoMC', { failAfterApply: true, status: 503, count: 1 });
    await expect(h().run(dossierSync, input, { key: 'run-d1/sync' })).rejects.toMatchObject({ code: 'CONNECTOR_UNAVAILABLE' });
    await expect(h().run(dossierSync, input, { key: 'run-d1/sync' })).resolves.toMatchObject({ MaHoSo: input.dossier.MaHoSo });
    expect(h().sim.counters.times('dvcqg.DongBoHoSoMC', outboundKey('run-d1/sync'))).toBe(2);
    expect([...state().dossiers.keys()].filter((k) => k === input.dossier.MaHoSo)).toHaveLength(1);
  });

  it('a failAfterApply 503 on a progress step followed by the retry records the step once', async () => {
    const input = fresh();
    await h().run(dossierSync, input);
    h().sim.faults.set('dvcqg.CapNhatTienDoHoSoMC', { failAfterApply: true, status: 503, count: 1 });
    const step = { progress: { ...sampleStep, MaHoSo: input.dossier.MaHoSo } };
    await expect(h().run(dossierProgress, step, { key: 'run-d2/p' })).rejects.toMatchObject({ code: 'CONNECTOR_UNAVAILABLE' });
    await h().run(dossierProgress, step, { key: 'run-d2/p' });
    expect(state().dossiers.get(input.dossier.MaHoSo)?.progress).toHaveLength(1);
  });

  it('an invalid field is a business rejection naming it (error_code 01)', async () => {
    h().sim.faults.clear();
    const err = await h().fail(dossierProgress, { progress: { ...sampleStep, MaHoSo: fresh().dossier.MaHoSo, TrangThai: '4' } });
    expect(err.params.remoteCode).toBe('03');
  });

  noSecretLeakTest(h);
});
