import { operation } from '../../../sdk/operation.js';
import { expectOk, forward } from '../../../ngsp/adapter/client.js';
import { DVCQG_DSTCODE, SYSTEM } from '../shared.js';
import { manifest } from './manifest.js';

export const createActivity = operation<{ dossierNo: string }>(manifest, SYSTEM, async ({ input, credential, deps }) => {
  const reply = await forward(deps, credential, { dstcode: DVCQG_DSTCODE, path: 'TraCuuHoSo', system: SYSTEM, body: { service: 'TraCuuHoSo', mahoso: input.dossierNo } });
  return { dossier: expectOk(SYSTEM, reply.body).data };
});
