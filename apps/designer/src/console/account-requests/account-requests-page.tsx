import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Form, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { CheckOutlined, CloseOutlined, PlusOutlined } from '@ant-design/icons';
import { formatTime, useT } from '../../i18n/lang.js';
import { label } from '../../i18n/messages.js';
import { useErrorText } from '../../i18n/error-text.js';
import { meQuery } from '../../api/queries.js';
import { agencyOf, can } from '../access.js';
import { PasswordOnce } from '../users/users-page.js';
import { accountRequestKeys, accountRequestsApi, type AccountRequest, type AccountRequestInput } from './account-requests-api.js';

const KINDS = ['create', 'change', 'transfer', 'retire'] as const;
const ROLES = ['officer', 'agency-viewer', 'operator', 'auditor', 'designer'] as const;
type Fields = { kind: AccountRequest['kind']; agency?: string; username: string; displayName?: string; roles?: (typeof ROLES)[number][]; dataScope?: string; reason: string };
const stateColor = { open: 'blue', approved: 'green', refused: 'red' } as const;

/** `/account-requests`: a unit's officer asks for its accounts; admins approve or refuse within 1 working day. */
export function AccountRequestsPage() {
  const { t, lang } = useT();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const me = useQuery(meQuery).data;
  const ownAgency = agencyOf(me);
  const decides = can(me, 'users.manage');
  const requests = useQuery({ queryKey: accountRequestKeys.list, queryFn: () => accountRequestsApi.list(), refetchInterval: 10_000 });
  const [asking, setAsking] = useState(false);
  const [shown, setShown] = useState<{ who: string; password: string } | null>(null);
  const [form] = Form.useForm<Fields>();
  const kind = Form.useWatch('kind', form);
  const act = async (f: () => Promise<unknown>) => {
    try { await f(); } catch (e) { void message.error({ content: <span data-testid="account-requests-error">{errorText(e)}</span> }); } finally {
      void queryClient.invalidateQueries({ queryKey: accountRequestKeys.list });
    }
  };
  const submit = (v: Fields) => act(async () => {
    const withRoles = v.kind === 'create' || v.kind === 'change';
    const input: AccountRequestInput = { kind: v.kind, username: v.username.trim(), reason: v.reason, ...(v.agency ? { agency: v.agency.trim() } : {}),
      ...(v.displayName ? { displayName: v.displayName } : {}), ...(withRoles && v.roles ? { roles: v.roles } : {}), ...(v.dataScope ? { dataScope: v.dataScope } : {}) };
    await accountRequestsApi.submit(input);
    void message.success(t('accountRequests.sent'));
    setAsking(false);
  });
  const decide = (r: AccountRequest, decision: 'approve' | 'refuse') => act(async () => {
    const out = await accountRequestsApi.decide(r.requestId, decision);
    if (out.password) setShown({ who: r.username, password: out.password });
    else void message.success(t(decision === 'approve' ? 'accountRequests.approved' : 'accountRequests.refused'));
  });

  const columns = [
    { title: t('accountRequests.createdAt'), dataIndex: 'createdAt', key: 'at', render: (x: string) => formatTime(lang, x) },
    { title: t('accountRequests.kind'), dataIndex: 'kind', key: 'kind', render: (k: string) => label(lang, `accountRequests.kind.${k}`, k) },
    { title: t('login.user'), dataIndex: 'username', key: 'username', render: (x: string) => <code>{x}</code> },
    { title: t('accountRequests.agency'), dataIndex: 'agency', key: 'agency' },
    { title: t('users.roles'), dataIndex: 'roles', key: 'roles', render: (rs: string[]) => rs.map((r) => <Tag key={r}>{label(lang, `role.${r}`, r)}</Tag>) },
    { title: t('accountRequests.reason'), dataIndex: 'reason', key: 'reason' },
    { title: t('accountRequests.state'), key: 'state', render: (r: AccountRequest) => (
      <Space size={4} wrap>
        <Tag color={stateColor[r.state]} data-testid={`account-request-state-${r.username}`}>{label(lang, `accountRequests.state.${r.state}`, r.state)}</Tag>
        {r.escalatedAt && <Tag color="volcano">{t('accountRequests.escalated')}</Tag>}
      </Space>
    ) },
    { title: t('accountRequests.dueAt'), key: 'due', render: (r: AccountRequest) => (r.state === 'open' ? formatTime(lang, r.dueAt ?? undefined) : `${r.decidedBy ?? ''} · ${formatTime(lang, r.decidedAt ?? undefined)}`) },
    ...(decides ? [{ title: '', key: 'actions', render: (r: AccountRequest) => r.state === 'open' && r.taskId && (
      <Space>
        <Button size="small" type="primary" icon={<CheckOutlined />} onClick={() => void decide(r, 'approve')} data-testid={`account-request-approve-${r.username}`}>{t('accountRequests.approve')}</Button>
        <Button size="small" danger icon={<CloseOutlined />} onClick={() => void decide(r, 'refuse')} data-testid={`account-request-refuse-${r.username}`}>{t('accountRequests.refuse')}</Button>
      </Space>
    ) }] : []),
  ];
  return (
    <main className="lt-page" data-testid="account-requests-page">
      <Typography.Title level={3}>{t('accountRequests.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('accountRequests.help')}</Typography.Paragraph>
      {can(me, 'accounts.request') && (
        <Button type="primary" icon={<PlusOutlined />} className="lt-gap" data-testid="account-request-new"
          onClick={() => { form.setFieldsValue({ kind: 'create', agency: ownAgency ?? '', username: '', roles: ['officer'], reason: '' }); setAsking(true); }}>
          {t('accountRequests.new')}
        </Button>
      )}
      {requests.error && <Alert type="error" showIcon className="lt-gap" title={errorText(requests.error)} />}
      <Table<AccountRequest> rowKey="requestId" size="middle" pagination={false} columns={columns} dataSource={requests.data?.requests ?? []} loading={requests.isPending}
        onRow={(r) => ({ 'data-testid': `account-request-row-${r.username}`, 'data-state': r.state } as React.HTMLAttributes<HTMLElement>)} />
      <Modal open={asking} title={t('accountRequests.new')} width={640} onCancel={() => setAsking(false)} onOk={() => form.submit()} okButtonProps={{ 'data-testid': 'account-request-submit' }}>
        <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} data-testid="account-request-form">
          <Form.Item name="kind" label={t('accountRequests.kind')} rules={[{ required: true }]}>
            <Select options={KINDS.map((k) => ({ value: k, label: t(`accountRequests.kind.${k}`) }))} data-testid="account-request-kind" />
          </Form.Item>
          <Form.Item name="agency" label={t('accountRequests.agency')} rules={[{ required: !ownAgency }]}>
            <Input disabled={!!ownAgency} data-testid="account-request-agency" />
          </Form.Item>
          <Form.Item name="username" label={t('login.user')} extra={t('users.usernameHelp')} rules={[{ required: true, pattern: /^[a-z0-9][a-z0-9._-]{1,63}$/, message: t('users.usernameHelp') }]}>
            <Input data-testid="account-request-username" />
          </Form.Item>
          {kind === 'create' && <Form.Item name="displayName" label={t('users.displayName')}><Input data-testid="account-request-display-name" /></Form.Item>}
          {(kind === 'create' || kind === 'change') && (
            <Form.Item name="roles" label={t('users.roles')} rules={[{ required: true }]}>
              <Select mode="multiple" options={ROLES.map((r) => ({ value: r, label: label(lang, `role.${r}`, r) }))} data-testid="account-request-roles" />
            </Form.Item>
          )}
          {(kind === 'create' || kind === 'change') && <Form.Item name="dataScope" label={t('accountRequests.dataScope')}><Input data-testid="account-request-data-scope" /></Form.Item>}
          <Form.Item name="reason" label={t('accountRequests.reason')} rules={[{ required: true }]}><Input.TextArea rows={2} data-testid="account-request-reason" /></Form.Item>
        </Form>
      </Modal>
      <PasswordOnce who={shown?.who ?? ''} password={shown?.password ?? null} onClose={() => setShown(null)} />
    </main>
  );
}
