import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Popconfirm, Space, Table } from 'antd';
import { CheckOutlined, CloseOutlined } from '@ant-design/icons';
import { meQuery } from '../../api/queries.js';
import { can } from '../access.js';
import { formatTime, useT } from '../../i18n/lang.js';
import { label } from '../../i18n/messages.js';
import { useErrorText } from '../../i18n/error-text.js';
import { adminApi, adminKeys, type SystemRequest } from './admin-api.js';

/**
 * Requests waiting for a decision. Four eyes: the server refuses the person who filed a request approving it
 * (SYSTEM_REQUEST_SELF_APPROVAL); the screen shows that refusal as the server words it.
 */
export function RequestsTable() {
  const { t, lang } = useT();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const mayDecide = can(useQuery(meQuery).data, 'registry.approve');
  const requests = useQuery({ queryKey: adminKeys.requests, queryFn: () => adminApi.requests() });
  const [error, setError] = useState<string | null>(null);
  const decide = async (f: () => Promise<unknown>) => {
    setError(null);
    try { await f(); } catch (e) { setError(errorText(e)); }
    await queryClient.invalidateQueries({ queryKey: ['registry'] });
  };
  const columns = [
    { title: t('requests.system'), dataIndex: 'systemCode', key: 'system', render: (c: string) => <code>{c}</code> },
    { title: t('requests.kind'), dataIndex: 'kind', key: 'kind', render: (k: string) => label(lang, `requestKind.${k}`, k) },
    { title: t('requests.reason'), dataIndex: 'reason', key: 'reason' },
    { title: t('requests.by'), dataIndex: 'requestedBy', key: 'by' },
    { title: t('requests.at'), dataIndex: 'requestedAt', key: 'at', render: (x: string) => formatTime(lang, x) },
    {
      title: '', key: 'actions', render: (r: SystemRequest) => mayDecide && (
        <Space>
          <Button type="primary" size="small" icon={<CheckOutlined />} onClick={() => void decide(() => adminApi.approve(r.id))} data-testid={`request-approve-${r.systemCode}`}>{t('requests.approve')}</Button>
          <Popconfirm title={t('requests.rejectConfirm')} onConfirm={() => void decide(() => adminApi.reject(r.id))} okButtonProps={{ 'data-testid': 'request-reject-confirm' }}>
            <Button size="small" danger icon={<CloseOutlined />} data-testid={`request-reject-${r.systemCode}`}>{t('requests.reject')}</Button>
          </Popconfirm>
        </Space>
      ),
    },
  ];
  return (
    <section data-testid="requests">
      <Alert type="info" showIcon className="lt-gap" title={t('requests.fourEyes')} />
      {error && <Alert type="error" showIcon closable className="lt-gap" title={error} onClose={() => setError(null)} data-testid="request-error" />}
      {requests.error && <Alert type="error" showIcon className="lt-gap" title={errorText(requests.error)} />}
      <Table<SystemRequest> rowKey="id" size="middle" pagination={false} columns={columns} dataSource={requests.data ?? []} loading={requests.isPending}
        locale={{ emptyText: t('requests.none') }} onRow={(r) => ({ 'data-testid': `request-row-${r.systemCode}` } as React.HTMLAttributes<HTMLElement>)} />
    </section>
  );
}
