import { queryOptions } from '@tanstack/react-query';
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@lienthong/api';
import { call, trpc } from '../../api/client.js';
import { LIVE_MS } from '../../api/queries.js';

// The tasks procedures as the console screens use them; types inferred from the API's router, never copied.
type Outputs = inferRouterOutputs<AppRouter>['tasks'];
type Inputs = inferRouterInputs<AppRouter>['tasks'];
export type TaskItem = Outputs['list']['tasks'][number];
export type TaskDetail = Outputs['get'];
export type TaskEvent = Outputs['events'][number];
export type TaskFilter = Inputs['list'];

export const taskApi = {
  list: (f: TaskFilter) => call(() => trpc.tasks.list.query(f)),
  get: (taskId: string) => call(() => trpc.tasks.get.query({ taskId })),
  events: (taskId: string) => call(() => trpc.tasks.events.query({ taskId })),
  runEvents: (runId: string) => call(() => trpc.tasks.runEvents.query({ runId })),
  claim: (taskId: string) => call(() => trpc.tasks.claim.mutate({ taskId })),
  unclaim: (taskId: string) => call(() => trpc.tasks.unclaim.mutate({ taskId })),
  delegate: (taskId: string, username: string) => call(() => trpc.tasks.delegate.mutate({ taskId, username })),
  comment: (taskId: string, text: string) => call(() => trpc.tasks.comment.mutate({ taskId, text })),
  decide: (taskId: string, decision: unknown) => call(() => trpc.tasks.decide.mutate({ taskId, decision })),
};

export const taskListQuery = (f: TaskFilter) => queryOptions({ queryKey: ['tasks', 'list', f], queryFn: () => taskApi.list(f), refetchInterval: LIVE_MS * 5 });
export const taskQuery = (taskId: string) => queryOptions({ queryKey: ['tasks', 'get', taskId], queryFn: () => taskApi.get(taskId) });
export const taskEventsQuery = (taskId: string) => queryOptions({ queryKey: ['tasks', 'events', taskId], queryFn: () => taskApi.events(taskId) });
export const runTaskEventsQuery = (runId: string, live: boolean) => queryOptions({
  queryKey: ['runs', 'task-events', runId], queryFn: () => taskApi.runEvents(runId), ...(live ? { refetchInterval: LIVE_MS } : {}),
});
