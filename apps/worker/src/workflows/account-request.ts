// An account request's clock: a human task for the admins, escalated after its working-day deadline, and the
// decision applied by an activity. Workflow code: deterministic, no I/O.
import { condition, proxyActivities, setHandler, uuid4, workflowInfo } from '@temporalio/workflow';
import {
  ACCOUNT_REQUEST_FLOW_KEY, ACCOUNT_REQUEST_FORM, taskDecisionUpdate,
  type AccountRequestActivities, type AccountRequestInput, type AccountRequestResult, type TaskActivities, type TaskDecisionInput,
} from '@lienthong/temporal/contracts';

const tasks = proxyActivities<TaskActivities>({ startToCloseTimeout: '30s', retry: { maximumAttempts: 10, initialInterval: '1s', backoffCoefficient: 2 } });
const requests = proxyActivities<AccountRequestActivities>({ startToCloseTimeout: '1 minute', retry: { maximumAttempts: 10, initialInterval: '1s', backoffCoefficient: 2 } });

export async function accountRequest(input: AccountRequestInput): Promise<AccountRequestResult> {
  const taskId = `tsk-${uuid4()}`;
  let decided: TaskDecisionInput | undefined;
  // Only this request's task, and only once: a late or second decision is refused to its sender.
  setHandler(taskDecisionUpdate, (d) => { decided = d; return Promise.resolve({ accepted: true as const }); }, {
    validator: (d) => { if (decided || d.taskId !== taskId) throw new Error(`task ${d.taskId} is not waiting for a decision`); },
  });
  const startedAt = new Date().getTime(); // workflow time: replay-safe
  const { dueAt } = await tasks.tasksCreate({
    taskId, runId: workflowInfo().workflowId, flowKey: ACCOUNT_REQUEST_FLOW_KEY, version: 1, nodeId: 'decide', agency: null,
    assignee: { role: 'admin' }, title: input.title, form: ACCOUNT_REQUEST_FORM as unknown as Record<string, unknown>,
    context: { requestId: input.requestId, agency: input.agency }, deadline: { workingDays: input.workingDays }, createdAt: new Date(startedAt).toISOString(),
  });
  const deadlineMs = dueAt ? Math.max(1, Date.parse(dueAt) - startedAt) : undefined;
  let escalated = false;
  if (!(await condition(() => decided !== undefined, deadlineMs ?? '3650 days'))) {
    escalated = true;
    await tasks.tasksEscalate(taskId, input.escalateTo);
    await condition(() => decided !== undefined);
  }
  const d = decided as TaskDecisionInput;
  await requests.accountRequestsApply({ requestId: input.requestId, decision: d.decision, by: d.by });
  if (escalated) await tasks.tasksClose(taskId, 'decided'); // settles the escalation's alert
  return { requestId: input.requestId, decision: d.decision, escalated };
}
