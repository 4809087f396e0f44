import { nationalLookup } from '../../national/client.js';
import { SYSTEM } from '../records.js';
import { manifest } from './manifest.js';

interface Input { citizenId: string; fullName?: string; purpose: { procedureCode: string }; officerId: string }
export const createActivity = nationalLookup<Input>(manifest, SYSTEM, 'hotich/getBirth',
  (i) => ({ soDinhDanh: i.citizenId, ...(i.fullName ? { hoVaTen: i.fullName.normalize('NFC') } : {}) }));
