import { lookupConnectorSuite } from '../../../testing/harness.js';
import { getMarriage } from './index.js';

const input = { purpose: { procedureCode: '1.001193.000.00.00.H48' }, officerId: '051085000111', citizenId: '051090123456' };

lookupConnectorSuite(getMarriage, { input, operation: 'civil.getMarriage', rejected: { input: { ...input, citizenId: '051048000155' }, remoteCode: 'NOT_FOUND' } });
