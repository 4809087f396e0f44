import { LtError } from '@lienthong/errors';
import { field, operation } from '../../../sdk/operation.js';
import { lgspCall, SYSTEM } from '../client.js';
import { buildEdxml, documentIdOf, type EdocInput } from '../edxml.js';
import { signEdxmlIfConfigured } from '../signature.js';
import { manifest } from './manifest.js';

type Input = Omit<EdocInput, 'from'> & { from: Omit<EdocInput['from'], 'organId'> & { organId?: string } };

/** multipart/form-data by hand: part "file" is the edXML, each attachment is a part "attachment:<cid>" (base64). */
function multipart(boundary: string, parts: { name: string; filename: string; contentType: string; body: string; base64?: boolean }[]): string {
  return parts.map((p) => `--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"; filename="${p.filename.replace(/["\r\n]/g, '_')}"\r\n`
    + `Content-Type: ${p.contentType}\r\n${p.base64 ? 'Content-Transfer-Encoding: base64\r\n' : ''}\r\n${p.body}\r\n`).join('') + `--${boundary}--\r\n`;
}

export const createActivity = operation<Input>(manifest, SYSTEM, async ({ input, credential, key, deps }) => {
  const now = deps.clock();
  const doc: EdocInput = { ...input, from: { ...input.from, organId: input.from.organId ?? field(credential, 'systemId') } };
  const xml = signEdxmlIfConfigured(buildEdxml(doc, now), credential);
  const boundary = `lienthong-${key}`;
  const body = multipart(boundary, [
    { name: 'file', filename: 'edoc.edxml', contentType: 'application/xml; charset=utf-8', body: xml },
    ...(doc.attachments ?? []).map((a) => ({ name: `attachment:${a.cid}`, filename: a.name, contentType: a.contentType, body: a.contentBase64, base64: true })),
  ]);
  const reply = await lgspCall(deps, credential, { method: 'POST', path: 'sendEdoc', body, contentType: `multipart/form-data; boundary=${boundary}`, idempotencyKey: key, timeoutMs: 30_000 });
  if (typeof reply.DocId !== 'string') throw new LtError('CONNECTOR_BAD_REPLY', { system: SYSTEM, detail: 'DocId is missing' });
  return { docId: reply.DocId, documentId: documentIdOf(doc), sentAt: now.toISOString() };
});
