import { agenciesRouter } from './routers/agencies.js';
import { alertsRouter } from './routers/alerts.js';
import { auditRouter } from './routers/audit.js';
import { bundlesRouter } from './routers/bundles.js';
import { catalogueRouter } from './routers/catalogue.js';
import { cataloguesRouter } from './routers/catalogues.js';
import { credentialsRouter } from './routers/credentials.js';
import { connectionsRouter } from './routers/connections.js';
import { authRouter } from './routers/auth.js';
import { exchangesRouter } from './routers/exchanges.js';
import { statsRouter } from './routers/stats.js';
import { flowsRouter } from './routers/flows.js';
import { keysRouter } from './routers/keys.js';
import { runsRouter } from './routers/runs.js';
import { systemsRouter } from './routers/systems.js';
import { tasksRouter } from './routers/tasks.js';
import { usersRouter } from './routers/users.js';
import { triggersRouter } from './routers/triggers.js';
import { ssoRouter } from './routers/sso.js';
import { reportDeliveriesRouter } from './routers/report-deliveries.js';
import { reportsRouter } from './routers/reports.js';
import { incidentsRouter } from './routers/incidents.js';
import { maintenanceRouter } from './routers/maintenance.js';
import { iocRouter } from './routers/ioc.js';
import { reportingRouter } from './routers/reporting.js';
import { accountRequestsRouter } from './routers/account-requests.js';
import { backupsRouter } from './routers/backups.js';
import { createTRPCRouter, mergeTRPCRouters } from './trpc.js';

export const appRouter = createTRPCRouter({ flows: flowsRouter, runs: runsRouter,
  maintenance: maintenanceRouter,
  ioc: iocRouter, // DOMAIN §7.d, R-34
  reporting: mergeTRPCRouters(reportingRouter, reportDeliveriesRouter), // DOMAIN §7.c, R-25–R-29; deliveries: R-28
  auth: authRouter, agencies: agenciesRouter, systems: systemsRouter, keys: keysRouter, users: usersRouter, audit: auditRouter,
  exchanges: exchangesRouter, stats: statsRouter, catalogues: cataloguesRouter,
  alerts: alertsRouter, triggers: triggersRouter, credentials: credentialsRouter, connections: connectionsRouter, bundles: bundlesRouter, catalogue: catalogueRouter, tasks: tasksRouter, incidents: incidentsRouter, sso: ssoRouter,
  reports: reportsRouter, accountRequests: accountRequestsRouter, backups: backupsRouter });
export type AppRouter = typeof appRouter;
