import { compile } from '@lienthong/flow';
import type { ConnectorManifest, FlowDocument } from '@lienthong/schemas';
import { both } from '../i18n/messages.js';

export interface Problem {
  code: string;
  severity: 'error' | 'warning';
  message: { vi: string; en: string };
  nodeId?: string;
  pointer?: string;
}

/**
 * Every problem in a draft: the server's compiler, run here in the browser (so the designer and the API
 * can never disagree), plus designer warnings the compiler leaves to run time, such as a connector
 * that needs a credential and has none chosen.
 */
export function findProblems(doc: FlowDocument, manifests: readonly ConnectorManifest[]): Problem[] {
  const out: Problem[] = [];
  const r = compile(doc, manifests);
  if (!r.ok) {
    for (const e of r.errors) {
      const j = e.toJSON();
      out.push({ code: j.code, severity: 'error', message: j.message, ...(j.where.nodeId ? { nodeId: j.where.nodeId } : {}), ...(j.where.pointer ? { pointer: j.where.pointer } : {}) });
    }
  }
  for (const [id, n] of Object.entries(doc.nodes).sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (n.kind !== 'call') continue;
    const m = manifests.find((x) => x.id === n.connector.id && x.version === n.connector.version);
    if (m?.credential && !n.credentialId) {
      out.push({ code: 'DESIGNER_CREDENTIAL_MISSING', severity: 'warning', nodeId: id, pointer: `/nodes/${id}/credentialId`,
        message: both('designer.credentialMissing', { nodeId: id, type: m.credential }) });
    }
  }
  return out;
}

export const hasErrors = (ps: readonly Problem[]): boolean => ps.some((p) => p.severity === 'error');

/** Problems per node id, for the badges on the canvas. */
export function problemsByNode(ps: readonly Problem[]): Record<string, Problem[]> {
  const out: Record<string, Problem[]> = {};
  for (const p of ps) if (p.nodeId) (out[p.nodeId] ??= []).push(p);
  return out;
}
