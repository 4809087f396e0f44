import { operation } from '../../../sdk/operation.js';
import { expectOk, forward } from '../../../ngsp/adapter/client.js';
import { DVCQG_DSTCODE, SYSTEM } from '../shared.js';
import { manifest } from './manifest.js';

interface Input { progress: Record<string, unknown> & { MaHoSo: string; TrangThai: string } }

export const createActivity = operation<Input>(manifest, SYSTEM, async ({ input, credential, key, deps }) => {
  const reply = await forward(deps, credential, { dstcode: DVCQG_DSTCODE, path: 'CapNhatTienDoHoSoMC', idempotencyKey: key, system: SYSTEM,
    body: { service: 'CapNhatTienDoHoSoMC', data: [input.progress] } });
  expectOk(SYSTEM, reply.body);
  return { MaHoSo: input.progress.MaHoSo, TrangThai: input.progress.TrangThai, syncedAt: deps.clock().toISOString() };
});
