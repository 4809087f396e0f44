import { lookupConnectorSuite } from '../../../testing/harness.js';
import { getDeath } from './index.js';

const input = { purpose: { procedureCode: '1.001193.000.00.00.H48' }, officerId: '051085000111', citizenId: '051045000321' };

lookupConnectorSuite(getDeath, { input, operation: 'civil.getDeath', rejected: { input: { ...input, citizenId: '051090123456' }, remoteCode: 'NOT_FOUND' } });
