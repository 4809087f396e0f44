import { LtError } from '@lienthong/errors';
import { operation } from '../../../sdk/operation.js';
import { birthDateXml, callPopulation, SYSTEM } from '../soap.js';
import { manifest } from './manifest.js';

interface Input { citizenId: string; fullName: string; birthDate?: string; purpose: string; officerId: string }

export const createActivity = operation<Input>(manifest, SYSTEM, async ({ input: i, credential, key, deps }) => {
  // MaYeuCau is the outbound key: the same for every retry of this step.
  const out = await callPopulation(deps, credential, 'XacThucThongTinCongDan',
    { requestId: key, purpose: i.purpose, officerId: i.officerId, citizenId: i.citizenId },
    `<dan:HoVaTen>${i.fullName.normalize('NFC').replace(/[<&>]/g, '')}</dan:HoVaTen>${birthDateXml(i.birthDate)}`, 10_000);
  const tonTai = (out.KetQuaXacThuc as { TonTai?: unknown } | undefined)?.TonTai;
  if (tonTai !== 'true' && tonTai !== 'false') throw new LtError('CONNECTOR_BAD_REPLY', { system: SYSTEM, detail: 'TonTai is missing or not a boolean' });
  return { match: tonTai === 'true', requestId: key, source: SYSTEM, checkedAt: deps.clock().toISOString() };
});
