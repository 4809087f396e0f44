import { lookupConnectorSuite } from '../../../testing/harness.js';
import { getParticipation } from './index.js';

const input = { purpose: { procedureCode: '1.001193.000.00.00.H48' }, officerId: '051085000111', citizenId: '051090123456' };

lookupConnectorSuite(getParticipation, { input, operation: 'insurance.getParticipation', rejected: { input: { ...input, citizenId: '084205000999' }, remoteCode: 'NOT_FOUND' } });
