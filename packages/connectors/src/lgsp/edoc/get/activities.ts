import { LtError } from '@lienthong/errors';
import { objectAt } from '../../../sdk/json.js';
import { operation } from '../../../sdk/operation.js';
import { lgspCall, SYSTEM } from '../client.js';
import { readEdxml } from '../edxml.js';
import { verifyEdxml } from '../signature.js';
import { manifest } from './manifest.js';

export const createActivity = operation<{ docId: string; includeEdxml?: boolean }>(manifest, SYSTEM, async ({ input, credential, deps }) => {
  const reply = await lgspCall(deps, credential, { method: 'GET', path: 'getEdoc', query: { docId: input.docId }, timeoutMs: 30_000 });
  const data = objectAt(SYSTEM, reply.data, 'data');
  if (typeof data.content !== 'string') throw new LtError('CONNECTOR_BAD_REPLY', { system: SYSTEM, detail: 'content is missing' });
  const xml = Buffer.from(data.content, 'base64').toString('utf8');
  // A package whose signature fails never reaches the flow, not even in part.
  verifyEdxml(xml, credential);
  const doc = readEdxml(xml);
  if (!doc) throw new LtError('CONNECTOR_BAD_REPLY', { system: SYSTEM, detail: 'content is not an edXML package' });
  return { docId: input.docId, ...doc, attachments: Array.isArray(data.attachments) ? data.attachments : [], ...(input.includeEdxml ? { edxmlBase64: data.content } : {}) };
});
