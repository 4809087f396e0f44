import { LtError } from '@lienthong/errors';
import type { ConnectorActivity, ConnectorDeps } from '../../../sdk/types.js';
import { birthDateXml, callPopulation, requestIdFrom, SYSTEM } from '../soap.js';

interface Input { citizenId: string; fullName: string; birthDate?: string; purpose: string; officerId: string }

export const createActivity = (deps: ConnectorDeps): ConnectorActivity => async ({ input, credentialId, idempotencyKey }) => {
  const i = input as unknown as Input;
  if (!credentialId) throw new LtError('CONNECTOR_CREDENTIAL_NOT_FOUND', { credentialId: '(none)' });
  const cred = await deps.credentials.resolve(credentialId);
  const requestId = requestIdFrom(idempotencyKey);
  const out = await callPopulation(deps, cred, 'XacThucThongTinCongDan',
    { requestId, purpose: i.purpose, officerId: i.officerId, citizenId: i.citizenId },
    `<dan:HoVaTen>${i.fullName.normalize('NFC').replace(/[<&>]/g, '')}</dan:HoVaTen>${birthDateXml(i.birthDate)}`, 10_000);
  const tonTai = (out.KetQuaXacThuc as { TonTai?: unknown } | undefined)?.TonTai;
  if (tonTai !== 'true' && tonTai !== 'false') throw new LtError('CONNECTOR_BAD_REPLY', { system: SYSTEM, detail: 'TonTai is missing or not a boolean' });
  return { match: tonTai === 'true', requestId, source: SYSTEM, checkedAt: deps.clock().toISOString() };
};
