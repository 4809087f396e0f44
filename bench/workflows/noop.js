// Tiny workflows for benchmark 7 (dispatch costs): nothing, one activity, one local activity.
import { proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
const a = proxyActivities({ startToCloseTimeout: '10s' });
const l = proxyLocalActivities({ startToCloseTimeout: '10s' });
export async function noopWf() { return 1; }
export async function noopAct() { return a.noop(); }
export async function noopLocal() { return l.noop(); }
export async function twoActs() { await a.noop(); return a.noop(); }
