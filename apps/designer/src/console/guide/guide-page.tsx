import { useState, type ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, Input, Result, Space, Steps, Typography } from 'antd';
import { LogoutOutlined } from '@ant-design/icons';
import { api } from '../../api/client.js';
import { meQuery } from '../../api/queries.js';
import { useT } from '../../i18n/lang.js';
import { useErrorText } from '../../i18n/error-text.js';
import { adminApi } from '../registry/admin-api.js';
import { KeysPanel } from '../registry/keys-panel.js';
import { RequestsTable } from '../registry/requests-table.js';
import { SystemForm } from '../registry/system-form.js';
import { PasswordOnce } from '../users/users-page.js';
import { useGuideState } from './guide-state.js';

/**
 * `/guide`: from the first administrator's login to a working signed agency call, in the browser alone and with four
 * eyes kept: the first admin creates a second approver, registers an agency and a system, the second admin approves,
 * then a key is issued and its dialog shows the exact `curl --aws-sigv4` call for a granted flow.
 */
export function GuidePage() {
  const { t } = useT();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const g = useGuideState();
  const [shown, setShown] = useState<{ who: string; password: string } | null>(null);
  const [registering, setRegistering] = useState(false);
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['registry'] }).then(() => queryClient.invalidateQueries({ queryKey: ['users'] }));
  const attempt = async (f: () => Promise<unknown>) => {
    try { await f(); } catch (e) { void message.error({ content: <span data-testid="guide-error">{errorText(e)}</span> }); } finally { void refresh(); }
  };
  const createAdmin = (v: { username: string; displayName?: string }) => attempt(async () => {
    const r = await adminApi.createUser({ username: v.username.trim(), roles: [{ role: 'admin' }], ...(v.displayName ? { displayName: v.displayName } : {}) });
    if (r.password) setShown({ who: r.user.username, password: r.password });
  });
  const createAgency = (v: { code: string; nameVi: string }) => attempt(() => adminApi.createAgency({ code: v.code.trim(), name: { vi: v.nameVi, en: v.nameVi } }));
  const signOut = () => void api.logout().finally(() => { queryClient.removeQueries(); queryClient.setQueryData(meQuery.queryKey, null); });

  if (!g.admin) return <Result status="403" title={t('guide.adminsOnly')} data-testid="guide-admins-only" />;
  const second = g.admins.find((u) => u.username !== g.me?.username)?.username;
  const steps: { key: keyof typeof g.done | 'call'; title: string; body: ReactNode }[] = [
    {
      key: 'secondAdmin', title: t('guide.step.secondAdmin'), body: (
        <Form layout="inline" onFinish={(v: { username: string; displayName?: string }) => void createAdmin(v)} data-testid="guide-admin-form">
          <Form.Item name="username" label={t('login.user')} rules={[{ required: true, pattern: /^[a-z0-9][a-z0-9._-]{1,63}$/, message: t('users.usernameHelp') }]}>
            <Input data-testid="guide-admin-username" />
          </Form.Item>
          <Form.Item name="displayName" label={t('users.displayName')}><Input data-testid="guide-admin-name" /></Form.Item>
          <Button type="primary" htmlType="submit" data-testid="guide-admin-create">{t('guide.createAdmin')}</Button>
        </Form>
      ),
    },
    {
      key: 'agency', title: t('guide.step.agency'), body: (
        <Form layout="inline" onFinish={(v: { code: string; nameVi: string }) => void createAgency(v)} data-testid="guide-agency-form">
          <Form.Item name="code" label={t('agencies.code')} rules={[{ required: true }]}><Input placeholder="000.00.00.H48" data-testid="guide-agency-code" /></Form.Item>
          <Form.Item name="nameVi" label={t('agencies.name')} rules={[{ required: true }]}><Input data-testid="guide-agency-name" /></Form.Item>
          <Button type="primary" htmlType="submit" data-testid="guide-agency-create">{t('agencies.register')}</Button>
        </Form>
      ),
    },
    { key: 'system', title: t('guide.step.system'), body: <Button type="primary" onClick={() => setRegistering(true)} data-testid="guide-system-new">{t('systems.new')}</Button> },
    {
      key: 'approved', title: t('guide.step.approve'), body: (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Typography.Paragraph>{t('guide.approveHelp', { user: second ?? '—' })}</Typography.Paragraph>
          <Button icon={<LogoutOutlined />} onClick={signOut} data-testid="guide-sign-out">{t('guide.signOut')}</Button>
          <RequestsTable />
        </Space>
      ),
    },
    { key: 'key', title: t('guide.step.key'), body: <Typography.Paragraph>{t('guide.keyHelp')}</Typography.Paragraph> },
    { key: 'call', title: t('guide.step.call'), body: <Typography.Paragraph>{t('guide.callHelp')}</Typography.Paragraph> },
  ];
  const current = steps.findIndex((s) => s.key === 'call' || !g.done[s.key]);
  const step = steps[current];
  return (
    <main className="lt-page" data-testid="guide-page" data-step={step?.key}>
      <Typography.Title level={3}>{t('guide.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('guide.intro')}</Typography.Paragraph>
      <Steps direction="vertical" current={current} className="lt-gap"
        items={steps.map((s, i) => ({ title: <span data-testid={`guide-step-${s.key}`} data-done={i < current}>{s.title}</span>, description: i === current ? <Card size="small">{s.body}</Card> : undefined }))} />
      {g.done.key && <Alert type="success" showIcon className="lt-gap" title={t('guide.keyReady')} data-testid="guide-key-ready" />}
      {/* Below the steps, so the secret's dialog stays open when issuing the key completes the step. */}
      {g.system && g.done.approved && <Card size="small" title={g.system.code}><KeysPanel system={g.system} /></Card>}
      <SystemForm open={registering} onClose={() => setRegistering(false)} onCreated={() => { setRegistering(false); void refresh(); }} />
      <PasswordOnce who={shown?.who ?? ''} password={shown?.password ?? null} onClose={() => setShown(null)} />
    </main>
  );
}
