import { useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { Badge, Tabs, Typography } from 'antd';
import { useT } from '../../i18n/lang.js';
import { adminApi, adminKeys } from './admin-api.js';
import { AgenciesTable } from './agencies-table.js';
import { RequestsTable } from './requests-table.js';
import { SystemsTable } from './systems-table.js';

const TABS = ['systems', 'requests', 'agencies'] as const;

/** `/registry`: connected systems and their keys, requests waiting for a decision, agencies. The tab is in the URL. */
export function RegistryPage() {
  const { t } = useT();
  const [params, setParams] = useSearchParams();
  const tab = TABS.find((x) => x === params.get('tab')) ?? 'systems';
  const pending = useQuery({ queryKey: adminKeys.requests, queryFn: () => adminApi.requests() }).data?.length ?? 0;
  return (
    <main className="lt-page" data-testid="registry-page">
      <Typography.Title level={3}>{t('registry.title')}</Typography.Title>
      <Tabs activeKey={tab} onChange={(k) => setParams({ tab: k })} destroyOnHidden items={[
        { key: 'systems', label: <span data-testid="tab-systems">{t('registry.systems')}</span>, children: <SystemsTable /> },
        { key: 'requests', label: <span data-testid="tab-requests"><Badge count={pending} size="small" offset={[8, -2]}>{t('registry.requests')}</Badge></span>, children: <RequestsTable /> },
        { key: 'agencies', label: <span data-testid="tab-agencies">{t('registry.agencies')}</span>, children: <AgenciesTable /> },
      ]} />
    </main>
  );
}
