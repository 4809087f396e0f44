import { useContext, useEffect, type ReactNode } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Link, Navigate, Outlet, useLocation } from 'react-router';
import { Menu, Spin } from 'antd';
import { ApartmentOutlined, CalendarOutlined, LinkOutlined, SafetyCertificateOutlined, TeamOutlined, UnorderedListOutlined } from '@ant-design/icons';
import { AlertOutlined, AuditOutlined, BarChartOutlined, FileTextOutlined, WarningOutlined } from '@ant-design/icons';
import { ApiOutlined, LoginOutlined, SolutionOutlined, SwapOutlined } from '@ant-design/icons';
import { CloudServerOutlined, UserAddOutlined } from '@ant-design/icons';
import { ToolOutlined } from '@ant-design/icons';
import { api, whenSignedOut, type Me } from '../api/client.js';
import { meQuery, queryClient } from '../api/queries.js';
import { can, type ConsoleAction } from '../console/access.js';
import { MaintenanceBanner } from '../console/maintenance/maintenance-banner.js';
import { GuideOffer } from '../console/guide/guide-offer.js';
import { SetLangContext, useT } from '../i18n/lang.js';
import type { MessageKey } from '../i18n/messages.js';
import { Login } from './login.js';

/** The console's screens: each shown only to the roles whose actions it needs (the server still decides). */
const NAV: { path: string; label: MessageKey; icon: ReactNode; requires: ConsoleAction }[] = [
  { path: '/flows', label: 'nav.flows', icon: <ApartmentOutlined />, requires: 'flows.read' },
  { path: '/tasks', label: 'nav.tasks', icon: <SolutionOutlined />, requires: 'tasks.read' },
  { path: '/runs', label: 'nav.runs', icon: <UnorderedListOutlined />, requires: 'runs.read' },
  { path: '/exchanges', label: 'nav.exchanges', icon: <SwapOutlined />, requires: 'runs.cancel' },
  { path: '/catalogue', label: 'nav.catalogue', icon: <ApiOutlined />, requires: 'registry.read' },
  { path: '/stats', label: 'nav.stats', icon: <BarChartOutlined />, requires: 'runs.read' },
  { path: '/ioc', label: 'nav.ioc', icon: <BarChartOutlined />, requires: 'runs.read' }, // R-34: quarterly IOC feedback statistics
  { path: '/reporting', label: 'nav.reporting', icon: <FileTextOutlined />, requires: 'reporting.read' },
  { path: '/reports', label: 'nav.reports', icon: <FileTextOutlined />, requires: 'audit.read' },
  { path: '/alerts', label: 'nav.alerts', icon: <AlertOutlined />, requires: 'runs.cancel' },
  { path: '/maintenance', label: 'nav.maintenance', icon: <ToolOutlined />, requires: 'registry.read' }, // R-18
  { path: '/incidents', label: 'nav.incidents', icon: <WarningOutlined />, requires: 'incidents.read' },
  { path: '/audit', label: 'nav.audit', icon: <AuditOutlined />, requires: 'audit.read' },
  { path: '/registry', label: 'nav.registry', icon: <SafetyCertificateOutlined />, requires: 'registry.read' },
  { path: '/catalogues', label: 'nav.catalogues', icon: <CalendarOutlined />, requires: 'registry.read' },
  { path: '/users', label: 'nav.users', icon: <TeamOutlined />, requires: 'users.manage' },
  { path: '/sso', label: 'nav.sso', icon: <LoginOutlined />, requires: 'users.manage' },
  { path: '/account-requests', label: 'nav.accountRequests', icon: <UserAddOutlined />, requires: 'accounts.request' },
  { path: '/backups', label: 'nav.backups', icon: <CloudServerOutlined />, requires: 'backups.read' },
  { path: '/connections', label: 'nav.connections', icon: <LinkOutlined />, requires: 'credentials.manage' },
];

const signOut = (): void => {
  // Every answer of the ended session goes, except the session's own query, which now says "signed out". Removed while
  // still loading (a 401 elsewhere can arrive first), it would leave the frame waiting on it for good: a spinner, no login.
  queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== meQuery.queryKey[0] });
  queryClient.setQueryData(meQuery.queryKey, null);
};

/** Every screen's frame: who is signed in (or the login form), the menu, the language switch. */
export function Root() {
  const me = useQuery(meQuery);
  useEffect(() => whenSignedOut(signOut), []);
  if (me.isPending) return <Spin fullscreen />;
  return (
    <Shell me={me.data ?? null}>
      {me.data ? <Outlet /> : <Login onIn={(m) => queryClient.setQueryData(meQuery.queryKey, m)} />}
    </Shell>
  );
}

/** `/`: people who design flows start at the flows, everyone else at the runs. */
export function StartPage() {
  const me = useQuery(meQuery).data;
  return <Navigate to={can(me, 'flows.publish') ? '/flows' : can(me, 'tasks.decide') ? '/tasks' : '/runs'} replace />;
}

function Shell({ me, children }: { me: Me | null; children: ReactNode }) {
  const { t } = useT();
  const { pathname } = useLocation();
  const items = NAV.filter((n) => can(me, n.requires)).map((n) => ({
    key: n.path, icon: n.icon, label: <Link to={n.path} data-testid={`nav${n.path.replace('/', '-')}`}>{t(n.label)}</Link>,
  }));
  // Signed in through the provider: the server ends our session, then the browser ends the provider's.
  const logout = () => { if (me?.sso) window.location.assign('/auth/oidc/logout'); else void api.logout().finally(signOut); };
  return (
    <div className="lt-app">
      <header className="lt-header">
        <h1>{t('app.title')}</h1>
        {me && <Menu mode="horizontal" theme="dark" className="lt-nav" disabledOverflow selectedKeys={[`/${pathname.split('/')[1] ?? ''}`]} items={items} data-testid="nav" />}
        <span className="lt-user">
          {me && <Link to="/account" title={t('nav.account')} style={{ color: 'inherit' }} data-testid="current-user">{me.displayName ?? me.username ?? me.id}</Link>}
          {me && me.id !== 'anonymous' && <button type="button" onClick={logout} data-testid="logout">{t('login.logout')}</button>}
          <LangButton />
        </span>
      </header>
      {/* One row for every banner, even when none shows: the screen below keeps the grid's 1fr row (styles.css). */}
      <div className="lt-banners">
        {me && <MaintenanceBanner />}
        {me && <GuideOffer />}
      </div>
      {children}
    </div>
  );
}

function LangButton() {
  const { t, lang } = useT();
  const setLang = useContext(SetLangContext);
  return <button type="button" onClick={() => setLang(lang === 'vi' ? 'en' : 'vi')} data-testid="lang-toggle">{t('app.lang')}</button>;
}
