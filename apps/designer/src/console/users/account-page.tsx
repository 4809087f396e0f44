import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, Input, Typography } from 'antd';
import { api } from '../../api/client.js';
import { meQuery } from '../../api/queries.js';
import { useT } from '../../i18n/lang.js';
import { useErrorText } from '../../i18n/error-text.js';
import { adminApi } from '../registry/admin-api.js';

type Fields = { currentPassword: string; password: string; confirm: string };

/** `/account`: everyone signed in changes their own password. The server ends every session, so the page signs in again at once. */
export function AccountPage() {
  const { t } = useT();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const me = useQuery(meQuery).data;
  const [error, setError] = useState<string | null>(null);
  const [form] = Form.useForm<Fields>();
  const submit = async (v: Fields) => {
    setError(null);
    try {
      await adminApi.changeMyPassword(v.currentPassword, v.password);
      // The server ended this session too; logging out clears its cookie (a stale one would refuse the new login).
      await api.logout().catch(() => undefined);
      if (me?.username) await api.login(me.username, v.password);
      form.resetFields();
      void message.success({ content: <span data-testid="password-changed">{t('account.changed')}</span> });
    } catch (e) { setError(errorText(e)); }
  };
  return (
    <main className="lt-page" data-testid="account-page">
      <Typography.Title level={3}>{t('account.title')}</Typography.Title>
      <Card title={t('account.changePassword')} style={{ maxWidth: 520 }}>
        <Typography.Paragraph type="secondary">{t('account.help')}</Typography.Paragraph>
        {error && <Alert type="error" showIcon className="lt-gap" title={error} data-testid="account-error" />}
        <Form form={form} layout="vertical" onFinish={(v) => void submit(v)}>
          <Form.Item name="currentPassword" label={t('account.current')} rules={[{ required: true }]}>
            <Input.Password autoComplete="current-password" data-testid="account-current" />
          </Form.Item>
          <Form.Item name="password" label={t('account.new')} extra={t('account.newHelp')} rules={[{ required: true }]}>
            <Input.Password autoComplete="new-password" data-testid="account-new" />
          </Form.Item>
          <Form.Item name="confirm" label={t('account.confirm')} dependencies={['password']} rules={[{ required: true },
            ({ getFieldValue }) => ({ validator: (_, v) => (v === getFieldValue('password') ? Promise.resolve() : Promise.reject(new Error(t('account.mismatch')))) })]}>
            <Input.Password autoComplete="new-password" data-testid="account-confirm" />
          </Form.Item>
          <Button type="primary" htmlType="submit" data-testid="account-submit">{t('account.submit')}</Button>
        </Form>
      </Card>
    </main>
  );
}
