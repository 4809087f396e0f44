import type { FlowDocument } from '@lienthong/schemas';

/** One place a flow names a credential: the node and the JSON pointer of the reference. */
export interface CredentialUse {
  nodeId: string;
  pointer: string;
  credentialId: string;
}

/** Every credential reference in a flow (calls, their compensations, foreach bodies), in node order. */
export function credentialUses(flow: FlowDocument): CredentialUse[] {
  const uses: CredentialUse[] = [];
  for (const [nodeId, node] of Object.entries(flow.nodes).sort(([a], [b]) => a.localeCompare(b))) {
    const at = `/nodes/${nodeId}`;
    if (node.kind === 'call') {
      if (node.credentialId) uses.push({ nodeId, pointer: `${at}/credentialId`, credentialId: node.credentialId });
      if (node.compensate?.credentialId) uses.push({ nodeId, pointer: `${at}/compensate/credentialId`, credentialId: node.compensate.credentialId });
    } else if (node.kind === 'trigger' && node.trigger.type === 'poll') {
      uses.push({ nodeId, pointer: `${at}/trigger/credentialId`, credentialId: node.trigger.credentialId }); // the poller reads its source with it
    } else if (node.kind === 'foreach' && 'call' in node.body && node.body.call.credentialId) {
      uses.push({ nodeId, pointer: `${at}/body/call/credentialId`, credentialId: node.body.call.credentialId });
    }
  }
  return uses;
}
