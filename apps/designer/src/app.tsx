import { useEffect, useState } from 'react';
import { QueryClientProvider } from '@tanstack/react-query';
import { createBrowserRouter, RouterProvider } from 'react-router';
import { App as AntApp, ConfigProvider } from 'antd';
import viVN from 'antd/locale/vi_VN';
import enUS from 'antd/locale/en_US';
import dayjs from 'dayjs';
import 'dayjs/locale/vi';
import 'dayjs/locale/en';
import { queryClient } from './api/queries.js';
import { theme } from './theme.js';
import { LangContext, SetLangContext } from './i18n/lang.js';
import type { Lang } from './i18n/messages.js';
import { Root, StartPage } from './routes/shell.js';
import { NotFound } from './routes/not-found.js';

/**
 * One URL per screen; the API serves index.html for every path that is not a file, so each of these reloads in place.
 * Each screen's code loads when first visited (the designer's canvas is not needed to sign in or list runs).
 */
const router = createBrowserRouter([
  {
    path: '/', element: <Root />, children: [
      { index: true, element: <StartPage /> },
      { path: 'flows', lazy: () => import('./routes/flows.js').then((m) => ({ Component: m.FlowsPage })) },
      { path: 'flows/:flowKey', lazy: () => import('./routes/flows.js').then((m) => ({ Component: m.FlowPage })) },
      { path: 'runs', lazy: () => import('./console/runs/runs-page.js').then((m) => ({ Component: m.RunsPage })) },
      { path: 'runs/:runId', lazy: () => import('./console/runs/run-detail.js').then((m) => ({ Component: m.RunDetailPage })) },
      { path: 'tasks', lazy: () => import('./console/tasks/tasks-page.js').then((m) => ({ Component: m.TasksPage })) },
      { path: 'tasks/:taskId', lazy: () => import('./console/tasks/task-detail.js').then((m) => ({ Component: m.TaskDetailPage })) },
      { path: 'registry', lazy: () => import('./console/registry/registry-page.js').then((m) => ({ Component: m.RegistryPage })) },
      { path: 'users', lazy: () => import('./console/users/users-page.js').then((m) => ({ Component: m.UsersPage })) },
      { path: 'connections', lazy: () => import('./console/connections/connections-page.js').then((m) => ({ Component: m.ConnectionsPage })) },
      { path: 'sso', lazy: () => import('./console/sso/sso-page.js').then((m) => ({ Component: m.SsoPage })) },
      { path: 'account-requests', lazy: () => import('./console/account-requests/account-requests-page.js').then((m) => ({ Component: m.AccountRequestsPage })) },
      { path: 'backups', lazy: () => import('./console/backups/backups-page.js').then((m) => ({ Component: m.BackupsPage })) },
      { path: 'account', lazy: () => import('./console/users/account-page.js').then((m) => ({ Component: m.AccountPage })) },
      { path: 'guide', lazy: () => import('./console/guide/guide-page.js').then((m) => ({ Component: m.GuidePage })) },
      { path: 'catalogues', lazy: () => import('./console/catalogues/catalogues-page.js').then((m) => ({ Component: m.CataloguesPage })) },
      { path: 'reporting', lazy: () => import('./console/reporting/reporting-page.js').then((m) => ({ Component: m.ReportingPage })) },
      { path: 'reports', lazy: () => import('./console/reports/reports-page.js').then((m) => ({ Component: m.ReportsPage })) },
      { path: 'stats', lazy: () => import('./console/stats/stats-page.js').then((m) => ({ Component: m.StatsPage })) },
      { path: 'ioc', lazy: () => import('./console/ioc/ioc-page.js').then((m) => ({ Component: m.IocPage })) },
      { path: 'alerts', lazy: () => import('./console/alerts/alerts-page.js').then((m) => ({ Component: m.AlertsPage })) },
      { path: 'maintenance', lazy: () => import('./console/maintenance/maintenance-page.js').then((m) => ({ Component: m.MaintenancePage })) },
      { path: 'incidents', lazy: () => import('./console/incidents/incidents-page.js').then((m) => ({ Component: m.IncidentsPage })) },
      { path: 'incidents/:incidentId', lazy: () => import('./console/incidents/incident-detail.js').then((m) => ({ Component: m.IncidentDetailPage })) },
      { path: 'audit', lazy: () => import('./console/audit/audit-page.js').then((m) => ({ Component: m.AuditPage })) },
      { path: 'exchanges', lazy: () => import('./console/exchanges/exchanges-page.js').then((m) => ({ Component: m.ExchangesPage })) },
      { path: 'catalogue', lazy: () => import('./console/catalogue/catalogue-page.js').then((m) => ({ Component: m.CataloguePage })) },
      { path: '*', element: <NotFound /> },
    ],
  },
]);


// People who ask their system for less motion (WCAG 2.3.3) get none: menus, dialogs and lists open and close at once.
const reducedMotion = typeof window !== 'undefined' && typeof window.matchMedia === 'function' && window.matchMedia('(prefers-reduced-motion: reduce)').matches;
const themed = reducedMotion ? { ...theme, token: { ...theme.token, motion: false } } : theme;

export function App() {
  const [lang, setLang] = useState<Lang>(() => (localStorage.getItem('lt.lang') === 'en' ? 'en' : 'vi'));
  useEffect(() => { localStorage.setItem('lt.lang', lang); document.documentElement.lang = lang; dayjs.locale(lang); }, [lang]);
  return (
    <QueryClientProvider client={queryClient}>
      <LangContext.Provider value={lang}>
        <SetLangContext.Provider value={setLang}>
          <ConfigProvider locale={lang === 'vi' ? viVN : enUS} theme={themed}>
            <AntApp>
              <RouterProvider router={router} />
            </AntApp>
          </ConfigProvider>
        </SetLangContext.Provider>
      </LangContext.Provider>
    </QueryClientProvider>
  );
}
