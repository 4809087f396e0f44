import { flowsRouter } from './routers/flows.js';
import { runsRouter } from './routers/runs.js';
import { createTRPCRouter } from './trpc.js';

export const appRouter = createTRPCRouter({ flows: flowsRouter, runs: runsRouter });
export type AppRouter = typeof appRouter;
