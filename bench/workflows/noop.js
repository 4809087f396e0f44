// Tiny workflows for benchmark 7 (dispatch costs): nothing, one activity, one local activity, one child workflow,
// one 10 ms timer, one signal from the client. Each path waits on a different history queue of the server.
import { condition, defineSignal, executeChild, proxyActivities, proxyLocalActivities, setHandler, sleep } from '@temporalio/workflow';
const a = proxyActivities({ startToCloseTimeout: '10s' });
const l = proxyLocalActivities({ startToCloseTimeout: '10s' });
export const benchGo = defineSignal('benchGo');
export async function noopWf() { return 1; }
export async function noopAct() { return a.noop(); }
export async function noopLocal() { return l.noop(); }
export async function twoActs() { await a.noop(); return a.noop(); }
export async function noopChild() { return executeChild(noopWf, {}); }
export async function noopTimer() { await sleep(10); return 1; }
export async function noopSignal() { let go = false; setHandler(benchGo, () => { go = true; }); await condition(() => go); return 1; }
