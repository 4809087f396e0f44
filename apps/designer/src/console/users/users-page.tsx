import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Descriptions, Form, Input, Modal, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { EditOutlined, LockOutlined, PlusOutlined, StopOutlined, UnlockOutlined } from '@ant-design/icons';
import { formatTime, useT } from '../../i18n/lang.js';
import { label } from '../../i18n/messages.js';
import { useErrorText } from '../../i18n/error-text.js';
import { adminApi, adminKeys, type Account, type RoleGrant } from '../registry/admin-api.js';
import { CopyButton } from '../registry/secret-dialog.js';
import { useGrantOptions } from '../registry/system-form.js';
import { RolesField } from './roles-field.js';

type Fields = { username: string; displayName?: string; roles: RoleGrant[] };
const clean = (roles: RoleGrant[]) => roles.map((r) => (r.agency ? { role: r.role, agency: r.agency } : { role: r.role }));

/** A generated password, shown this once (the server keeps only its hash). */
export function PasswordOnce({ who, password, onClose }: { who: string; password: string | null; onClose: () => void }) {
  const { t } = useT();
  return (
    <Modal open={!!password} title={t('users.passwordTitle', { username: who })} onCancel={onClose} maskClosable={false}
      footer={<Button type="primary" onClick={onClose} data-testid="password-close">{t('keys.savedIt')}</Button>}>
      <Alert type="warning" showIcon className="lt-gap" title={t('users.passwordOnce')} />
      <Descriptions column={1} bordered size="small">
        <Descriptions.Item label={t('login.user')}><code data-testid="password-user">{who}</code></Descriptions.Item>
        <Descriptions.Item label={t('login.password')}>
          <Space><code data-testid="password-value">{password}</code>{password && <CopyButton text={password} testId="password-copy" />}</Space>
        </Descriptions.Item>
      </Descriptions>
    </Modal>
  );
}

/** `/users`: accounts and their roles per agency: create, change roles, disable or enable, reset the password. */
export function UsersPage() {
  const { t, lang } = useT();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const users = useQuery({ queryKey: adminKeys.users, queryFn: () => adminApi.users() });
  const { agencies } = useGrantOptions();
  const [editing, setEditing] = useState<Account | 'new' | null>(null);
  const [shown, setShown] = useState<{ who: string; password: string } | null>(null);
  const [form] = Form.useForm<Fields>();
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['users'] });
  const act = async (f: () => Promise<unknown>) => {
    try { await f(); } catch (e) { void message.error({ content: <span data-testid="users-error">{errorText(e)}</span> }); } finally { void refresh(); }
  };
  const open = (u: Account | 'new') => {
    form.setFieldsValue(u === 'new' ? { username: '', displayName: '', roles: [{ role: 'operator' }] } : { username: u.username, displayName: u.displayName, roles: u.roles });
    setEditing(u);
  };
  const save = (v: Fields) => act(async () => {
    if (editing === 'new') {
      const r = await adminApi.createUser({ username: v.username.trim(), roles: clean(v.roles), ...(v.displayName ? { displayName: v.displayName } : {}) });
      if (r.password) setShown({ who: r.user.username, password: r.password });
    } else if (editing) {
      await adminApi.updateUser({ username: editing.username, roles: clean(v.roles), ...(v.displayName ? { displayName: v.displayName } : {}) });
      void message.success(t('users.saved', { username: editing.username }));
    }
    setEditing(null);
  });
  const reset = (u: Account) => act(async () => {
    const r = await adminApi.resetPassword(u.username);
    if (r.password) setShown({ who: u.username, password: r.password });
  });
  const toggle = (u: Account) => act(() => adminApi.updateUser({ username: u.username, status: u.status === 'active' ? 'disabled' : 'active' }));

  const columns = [
    { title: t('login.user'), dataIndex: 'username', key: 'username', render: (x: string) => <code>{x}</code> },
    { title: t('users.displayName'), dataIndex: 'displayName', key: 'name' },
    { title: t('users.roles'), dataIndex: 'roles', key: 'roles', render: (rs: RoleGrant[]) => rs.map((r, i) => <Tag key={i}>{label(lang, `role.${r.role}`, r.role)}{r.agency ? ` · ${r.agency}` : ''}</Tag>) },
    { title: t('registry.status'), dataIndex: 'status', key: 'status', render: (s: string) => <Tag color={s === 'active' ? 'green' : 'red'}>{label(lang, `userStatus.${s}`, s)}</Tag> },
    { title: t('users.lastLogin'), dataIndex: 'lastLoginAt', key: 'login', render: (x: string | null) => formatTime(lang, x ?? undefined) },
    {
      title: '', key: 'actions', render: (u: Account) => (
        <Space>
          <Button size="small" icon={<EditOutlined />} onClick={() => open(u)} data-testid={`user-edit-${u.username}`}>{t('users.edit')}</Button>
          <Popconfirm title={t('users.resetConfirm', { username: u.username })} onConfirm={() => void reset(u)} okButtonProps={{ 'data-testid': 'user-reset-confirm' }}>
            <Button size="small" icon={<LockOutlined />} data-testid={`user-reset-${u.username}`}>{t('users.resetPassword')}</Button>
          </Popconfirm>
          <Button size="small" danger={u.status === 'active'} icon={u.status === 'active' ? <StopOutlined /> : <UnlockOutlined />} onClick={() => void toggle(u)} data-testid={`user-toggle-${u.username}`}>
            {u.status === 'active' ? t('users.disable') : t('users.enable')}
          </Button>
        </Space>
      ),
    },
  ];
  return (
    <main className="lt-page" data-testid="users-page">
      <Typography.Title level={3}>{t('users.title')}</Typography.Title>
      <Button type="primary" icon={<PlusOutlined />} className="lt-gap" onClick={() => open('new')} data-testid="user-new">{t('users.new')}</Button>
      {users.error && <Alert type="error" showIcon className="lt-gap" title={errorText(users.error)} />}
      <Table<Account> rowKey="id" size="middle" pagination={false} columns={columns} dataSource={users.data ?? []} loading={users.isPending}
        onRow={(u) => ({ 'data-testid': `user-row-${u.username}`, 'data-status': u.status } as React.HTMLAttributes<HTMLElement>)} />
      <Modal open={editing !== null} title={editing === 'new' ? t('users.new') : t('users.editTitle', { username: editing?.username ?? '' })} width={680}
        onCancel={() => setEditing(null)} onOk={() => form.submit()} okButtonProps={{ 'data-testid': 'user-submit' }}>
        <Form form={form} layout="vertical" onFinish={(v) => void save(v)} data-testid="user-form">
          <Form.Item name="username" label={t('login.user')} extra={t('users.usernameHelp')} rules={[{ required: true, pattern: /^[a-z0-9][a-z0-9._-]{1,63}$/, message: t('users.usernameHelp') }]}>
            <Input disabled={editing !== 'new'} data-testid="user-username" />
          </Form.Item>
          <Form.Item name="displayName" label={t('users.displayName')}><Input data-testid="user-display-name" /></Form.Item>
          <Typography.Text strong>{t('users.roles')}</Typography.Text>
          <RolesField agencies={agencies} />
        </Form>
      </Modal>
      <PasswordOnce who={shown?.who ?? ''} password={shown?.password ?? null} onClose={() => setShown(null)} />
    </main>
  );
}
