import { LtError } from '@lienthong/errors';
import { operation } from '../../../sdk/operation.js';
import { expectOk, forward } from '../../../ngsp/adapter/client.js';
import { DVCQG_DSTCODE, SYSTEM } from '../shared.js';
import { manifest } from './manifest.js';

interface Input { dossier: Record<string, unknown> & { MaHoSo: string }; mode?: 'auto' | 'create' | 'update' }

export const createActivity = operation<Input>(manifest, SYSTEM, async ({ input, credential, key, deps }) => {
  let updating = input.mode === 'update';
  if ((input.mode ?? 'auto') === 'auto') {
    // isUpdating must say whether the portal already has the dossier: ask it.
    const found = await forward(deps, credential, { dstcode: DVCQG_DSTCODE, path: 'TraCuuHoSo', body: { service: 'TraCuuHoSo', mahoso: input.dossier.MaHoSo }, system: SYSTEM });
    try {
      expectOk(SYSTEM, found.body);
      updating = true;
    } catch (err) {
      if (!(err instanceof LtError && err.params.remoteCode === '03')) throw err;
      updating = false;
    }
  }
  const reply = await forward(deps, credential, { dstcode: DVCQG_DSTCODE, path: 'DongBoHoSoMC', idempotencyKey: key, system: SYSTEM,
    body: { service: 'DongBoHoSoMC', isUpdating: updating ? 'True' : 'False', data: [input.dossier] } });
  expectOk(SYSTEM, reply.body);
  return { MaHoSo: input.dossier.MaHoSo, isUpdating: updating, syncedAt: deps.clock().toISOString() };
});
