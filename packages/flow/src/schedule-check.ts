import { Cron } from 'croner';
import { LtError } from '@lienthong/errors';
import { checkAgainst, type FlowDocument } from '@lienthong/schemas';
import { scheduleInput, firedAtInVietnam } from './schedule-input.js';

/** The schedule's first fire time after `after` (or `after` itself when the cron has none). */
export function nextFireTime(cron: string, after: Date): Date {
  return new Cron(cron, { timezone: 'Asia/Ho_Chi_Minh', paused: true, mode: '5-part' }).nextRun(after) ?? after;
}

/**
 * Publish-time check of a schedule trigger: its input, evaluated for the schedule's next fire time after `after`,
 * must satisfy the flow's input schema. Every problem is located at the trigger's input (JSON pointer into the
 * document) with the input's own pointer as `field`. Async (JSONata evaluates asynchronously), so it runs when a
 * version is published rather than inside the synchronous compile.
 */
export async function scheduleInputProblems(flow: FlowDocument, after: Date): Promise<LtError[]> {
  const entry = Object.entries(flow.nodes).find(([, n]) => n.kind === 'trigger');
  if (!entry) return [];
  const [nodeId, node] = entry;
  if (node.kind !== 'trigger' || node.trigger.type !== 'schedule') return [];
  const pointer = `/nodes/${nodeId.replace(/~/g, '~0').replace(/\//g, '~1')}/trigger/input`;
  const at = nextFireTime(node.trigger.cron, after);
  const firedAt = firedAtInVietnam(at);
  let input: unknown;
  try {
    input = await scheduleInput(node.trigger.input, at, nodeId);
  } catch (err) {
    const detail = err instanceof LtError ? String(err.params.detail ?? err.message) : (err as Error).message;
    return [new LtError('FLOW_COMPILE_SCHEDULE_INPUT_FAILED', { nodeId, firedAt, detail }, { nodeId, pointer })];
  }
  if (!flow.inputSchema) return [];
  const checked = checkAgainst(flow.inputSchema, input);
  if (checked.ok) return [];
  return checked.issues.map((i) => new LtError('FLOW_COMPILE_SCHEDULE_INPUT', { nodeId, firedAt, field: i.pointer || '/', detail: i.message, detailVi: i.messageVi },
    { nodeId, pointer, field: i.pointer || '/' }));
}
