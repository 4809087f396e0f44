import { nationalLookup } from '../../national/client.js';
import { SYSTEM } from '../records.js';
import { manifest } from './manifest.js';

export const createActivity = nationalLookup<{ citizenId: string; purpose: { procedureCode: string }; officerId: string }>(
  manifest, SYSTEM, 'hotich/getMarriage', (i) => ({ soDinhDanh: i.citizenId }));
