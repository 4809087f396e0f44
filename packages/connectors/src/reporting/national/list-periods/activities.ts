import { operation } from '../../../sdk/operation.js';
import { reportingCall, SYSTEM } from '../client.js';
import { manifest } from './manifest.js';

export const createActivity = operation<{ regimeCode: string; state?: string }>(manifest, SYSTEM, async ({ input, credential, deps }) => {
  const body = await reportingCall(deps, credential, { method: 'GET', path: `periods?regimeCode=${encodeURIComponent(input.regimeCode)}` });
  const items = Array.isArray(body.items) ? (body.items as { state?: unknown }[]) : body.items;
  return { items: Array.isArray(items) && input.state ? items.filter((p) => p.state === input.state) : items };
});
