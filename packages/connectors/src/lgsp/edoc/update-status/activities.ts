import { operation, field } from '../../../sdk/operation.js';
import { lgspCall, SYSTEM } from '../client.js';
import { buildStatusPackage } from '../edxml.js';
import { signEdxmlIfConfigured } from '../signature.js';
import { manifest } from './manifest.js';

interface Input { documentId: string; statusCode: string; description?: string; organName: string; staff: { department?: string; staff: string; mobile?: string; email?: string } }

export const createActivity = operation<Input>(manifest, SYSTEM, async ({ input, credential, key, deps }) => {
  const now = deps.clock();
  // ResponseFor is read back from the DocumentId: {OrganId},{yyyy/MM/dd},{CodeNumber}/{CodeNotation}.
  const [organId = '', date = '', ...rest] = input.documentId.split(',');
  const xml = signEdxmlIfConfigured(buildStatusPackage({
    responseFor: { organId, code: rest.join(','), promulgationDate: date, documentId: input.documentId },
    from: { organId: field(credential, 'systemId'), organName: input.organName }, staff: input.staff,
    statusCode: input.statusCode, ...(input.description ? { description: input.description } : {}),
  }, now), credential);
  const reply = await lgspCall(deps, credential, { method: 'POST', path: 'updateStatus', body: xml, contentType: 'application/xml; charset=utf-8', idempotencyKey: key });
  return { statusCode: input.statusCode, duplicate: reply.Duplicate === true, sentAt: now.toISOString() };
});
