import { nationalLookup } from '../../national/client.js';
import { manifest } from './manifest.js';

export const createActivity = nationalLookup<{ enterpriseCode: string; purpose: { procedureCode: string }; officerId: string }>(
  manifest, 'CSDLQG-DKDN', 'dkdn/getEnterprise', (i) => ({ maSoDoanhNghiep: i.enterpriseCode }));
