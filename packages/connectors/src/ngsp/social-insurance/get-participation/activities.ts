import { nationalLookup } from '../../national/client.js';
import { manifest } from './manifest.js';

interface Input { citizenId?: string; insuranceNo?: string; purpose: { procedureCode: string }; officerId: string }
export const createActivity = nationalLookup<Input>(manifest, 'CSDL-BHXH', 'bhxh/getParticipation',
  (i) => (i.citizenId ? { soDinhDanh: i.citizenId } : { maSoBhxh: i.insuranceNo }));
