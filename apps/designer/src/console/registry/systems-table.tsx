import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Space, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { meQuery } from '../../api/queries.js';
import { can } from '../access.js';
import { formatTime, useT } from '../../i18n/lang.js';
import { label } from '../../i18n/messages.js';
import { useErrorText } from '../../i18n/error-text.js';
import { adminApi, adminKeys, type ConnectedSystem } from './admin-api.js';
import { KeysPanel } from './keys-panel.js';
import { SystemActions } from './system-actions.js';
import { SystemForm } from './system-form.js';

const statusColour = { pending: 'gold', active: 'green', suspended: 'orange', cancelled: 'default' } as const;

/** Connected systems with their grants; a row opens onto its access keys for people who manage keys. */
export function SystemsTable() {
  const { t, lang, pick } = useT();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const me = useQuery(meQuery).data;
  const systems = useQuery({ queryKey: adminKeys.systems, queryFn: () => adminApi.systems() });
  const [creating, setCreating] = useState(false);
  const [open, setOpen] = useState<string[]>([]);
  const columns = [
    { title: t('systems.code'), dataIndex: 'code', key: 'code', render: (c: string) => <code>{c}</code> },
    { title: t('systems.name'), dataIndex: 'name', key: 'name', render: (n: ConnectedSystem['name']) => pick(n) },
    { title: t('systems.agency'), dataIndex: 'agencyCode', key: 'agency', render: (c: string) => <code>{c}</code> },
    { title: t('registry.status'), dataIndex: 'status', key: 'status', render: (s: ConnectedSystem['status']) => <Tag color={statusColour[s]} data-testid="system-status">{label(lang, `systemStatus.${s}`, s)}</Tag> },
    { title: t('systems.flows'), dataIndex: 'allowedFlows', key: 'flows', render: (fs: string[]) => (fs.length ? fs.map((f) => <Tag key={f}>{f}</Tag>) : '—') },
    { title: t('systems.operations'), dataIndex: 'allowedOperations', key: 'ops', render: (os: string[]) => (os.length ? os.map((o) => <Tag key={o}>{o}</Tag>) : t('systems.allOperations')) },
    { title: t('systems.lastSeen'), dataIndex: 'lastSeenAt', key: 'seen', render: (x: string | null) => formatTime(lang, x ?? undefined) },
    ...(can(me, 'registry.write') ? [{ title: '', key: 'actions', render: (s: ConnectedSystem) => s.status !== 'cancelled' && <SystemActions system={s} /> }] : []),
  ];
  return (
    <section data-testid="systems">
      {can(me, 'registry.write') && (
        <Space className="lt-gap">
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="system-new">{t('systems.new')}</Button>
          <Typography.Text type="secondary">{t('systems.newHelp')}</Typography.Text>
        </Space>
      )}
      {systems.error && <Alert type="error" showIcon className="lt-gap" title={errorText(systems.error)} />}
      <Table<ConnectedSystem> rowKey="code" size="middle" pagination={false} columns={columns} dataSource={systems.data ?? []} loading={systems.isPending}
        locale={{ emptyText: t('systems.none') }}
        expandable={can(me, 'keys.manage') ? { expandedRowKeys: open, onExpandedRowsChange: (k) => setOpen(k as string[]), expandedRowRender: (s) => <KeysPanel system={s} /> } : undefined}
        onRow={(s) => ({ 'data-testid': `system-row-${s.code}`, 'data-status': s.status } as React.HTMLAttributes<HTMLElement>)} />
      <SystemForm open={creating} onClose={() => setCreating(false)} onCreated={(code) => {
        setCreating(false);
        void queryClient.invalidateQueries({ queryKey: ['registry'] });
        setOpen([...open, code]);
      }} />
    </section>
  );
}
