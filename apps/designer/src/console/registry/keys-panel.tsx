import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Modal, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { KeyOutlined, StopOutlined, SyncOutlined } from '@ant-design/icons';
import { formatTime, useT } from '../../i18n/lang.js';
import { label } from '../../i18n/messages.js';
import { useErrorText } from '../../i18n/error-text.js';
import { adminApi, adminKeys, type AccessKey, type ConnectedSystem, type IssuedKey } from './admin-api.js';
import { SecretDialog } from './secret-dialog.js';

/** How long a rotated key keeps working, so the agency can switch without an outage. */
const GRACE = [0, 3600, 86_400, 7 * 86_400];
const keyColour = { active: 'green', grace: 'gold', revoked: 'red', expired: 'default' } as const;

/** A system's access keys: issue (secret shown once), rotate with a grace period, revoke at once. Never a secret in the list. */
export function KeysPanel({ system }: { system: ConnectedSystem }) {
  const { t, lang } = useT();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const keys = useQuery({ queryKey: adminKeys.keys(system.code), queryFn: () => adminApi.keys(system.code) });
  const [issued, setIssued] = useState<IssuedKey | null>(null);
  const [rotating, setRotating] = useState<AccessKey | null>(null);
  const [grace, setGrace] = useState(86_400);
  const refresh = () => queryClient.invalidateQueries({ queryKey: adminKeys.keys(system.code) });
  const act = async (f: () => Promise<unknown>) => {
    try { await f(); } catch (e) { void message.error({ content: <span data-testid="keys-error">{errorText(e)}</span> }); } finally { void refresh(); }
  };
  const issue = () => act(async () => setIssued(await adminApi.issueKey(system.code)));
  const rotate = () => act(async () => {
    if (!rotating) return;
    const r = await adminApi.rotateKey(system.code, rotating.accessKeyId, grace);
    setRotating(null);
    setIssued(r);
  });
  const revoke = (k: AccessKey) => act(async () => { await adminApi.revokeKey(system.code, k.accessKeyId); void message.success(t('keys.revoked', { key: k.accessKeyId })); });
  const usable = system.status === 'active';

  const columns = [
    { title: t('keys.accessKeyId'), dataIndex: 'accessKeyId', key: 'id', render: (id: string) => <code>{id}</code> },
    { title: t('registry.status'), dataIndex: 'status', key: 'status', render: (s: AccessKey['status']) => <Tag color={keyColour[s]}>{label(lang, `keyStatus.${s}`, s)}</Tag> },
    { title: t('keys.created'), dataIndex: 'createdAt', key: 'created', render: (x: string) => formatTime(lang, x) },
    { title: t('keys.expires'), dataIndex: 'expiresAt', key: 'expires', render: (x: string | null) => formatTime(lang, x ?? undefined) },
    { title: t('keys.lastUsed'), dataIndex: 'lastUsedAt', key: 'used', render: (x: string | null) => formatTime(lang, x ?? undefined) },
    {
      title: '', key: 'actions', render: (k: AccessKey) => (k.status === 'active' || k.status === 'grace') && (
        <Space>
          {k.status === 'active' && <Button size="small" icon={<SyncOutlined />} onClick={() => setRotating(k)} data-testid={`key-rotate-${k.accessKeyId}`}>{t('keys.rotate')}</Button>}
          <Popconfirm title={t('keys.revokeConfirm', { key: k.accessKeyId })} onConfirm={() => revoke(k)} okButtonProps={{ 'data-testid': 'key-revoke-confirm' }}>
            <Button size="small" danger icon={<StopOutlined />} data-testid={`key-revoke-${k.accessKeyId}`}>{t('keys.revoke')}</Button>
          </Popconfirm>
        </Space>
      ),
    },
  ];

  return (
    <div data-testid={`keys-${system.code}`}>
      <Space className="lt-gap">
        <Typography.Text strong>{t('keys.title')}</Typography.Text>
        <Button type="primary" icon={<KeyOutlined />} disabled={!usable} onClick={() => void issue()} data-testid={`key-issue-${system.code}`}>{t('keys.issue')}</Button>
        {!usable && <Typography.Text type="secondary">{t('keys.needsActive')}</Typography.Text>}
      </Space>
      <Table<AccessKey> rowKey="accessKeyId" size="small" pagination={false} columns={columns} dataSource={keys.data ?? []} loading={keys.isPending}
        locale={{ emptyText: t('keys.none') }} onRow={(k) => ({ 'data-testid': `key-row-${k.accessKeyId}`, 'data-status': k.status } as React.HTMLAttributes<HTMLElement>)} />
      <Modal open={!!rotating} title={t('keys.rotateTitle', { key: rotating?.accessKeyId ?? '' })} onOk={() => void rotate()} onCancel={() => setRotating(null)}
        okText={t('keys.rotate')} okButtonProps={{ 'data-testid': 'key-rotate-ok' }}>
        <Typography.Paragraph>{t('keys.graceHelp')}</Typography.Paragraph>
        <Select value={grace} onChange={setGrace} style={{ width: 240 }} aria-label={t('keys.grace')} data-testid="key-grace"
          options={GRACE.map((s) => ({ value: s, label: label(lang, `keys.grace${s}`, `${s} s`) }))} />
      </Modal>
      <SecretDialog issued={issued} system={system} onClose={() => setIssued(null)} />
    </div>
  );
}
