import { lookupConnectorSuite } from '../../../testing/harness.js';
import { getBirth } from './index.js';

const input = { purpose: { procedureCode: '1.001193.000.00.00.H48' }, officerId: '051085000111', citizenId: '051326000123' };

lookupConnectorSuite(getBirth, { input, operation: 'civil.getBirth', rejected: { input: { ...input, fullName: 'TRẦN VĂN KHÁC' }, remoteCode: 'MISMATCH' } });
