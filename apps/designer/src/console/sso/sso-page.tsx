import { useEffect, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, Input, Select, Space, Switch, Typography } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { queryClient } from '../../api/queries.js';
import { useErrorText } from '../../i18n/error-text.js';
import { useT } from '../../i18n/lang.js';
import { label } from '../../i18n/messages.js';
import { ROLE_NAMES } from '../users/roles-field.js';
import { ssoApi, ssoKeys, type SsoRule } from './sso-api.js';

type ConfigFields = { enabled: boolean; issuer: string; clientId: string; clientSecret?: string; scopes: string; label?: string };
type RuleFields = { claim: string; value?: string; role: SsoRule['role']; agency?: string; agencyClaim?: string };
const orNull = (s: string | undefined) => (s?.trim() ? s.trim() : null);

/** `/sso` (admins): the province identity provider (the secret write-only) and the ordered claim rules. */
export function SsoPage() {
  const { t, lang } = useT();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const config = useQuery({ queryKey: ssoKeys.config, queryFn: ssoApi.config });
  const rules = useQuery({ queryKey: ssoKeys.rules, queryFn: ssoApi.rules });
  const [configForm] = Form.useForm<ConfigFields>();
  const [rulesForm] = Form.useForm<{ rules: RuleFields[] }>();
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const c = config.data;
    if (c) configForm.setFieldsValue({ enabled: c.enabled, issuer: c.issuer, clientId: c.clientId, scopes: c.scopes, label: c.label ?? '' });
  }, [config.data, configForm]);
  useEffect(() => {
    if (rules.data) rulesForm.setFieldsValue({ rules: rules.data.map((r) => ({ claim: r.claim, value: r.value ?? '', role: r.role, agency: r.agency ?? '', agencyClaim: r.agencyClaim ?? '' })) });
  }, [rules.data, rulesForm]);

  const saveConfig = async (v: ConfigFields) => {
    setError(null);
    try {
      await ssoApi.setConfig({ enabled: v.enabled, issuer: v.issuer.trim(), clientId: v.clientId.trim(), scopes: v.scopes, label: orNull(v.label),
        ...(v.clientSecret ? { clientSecret: v.clientSecret } : {}) });
      configForm.setFieldValue('clientSecret', '');
      await queryClient.invalidateQueries({ queryKey: ['sso'] });
      void message.success({ content: <span data-testid="sso-saved">{t('sso.saved')}</span> });
    } catch (e) { setError(errorText(e)); }
  };
  const saveRules = async (v: { rules?: RuleFields[] }) => {
    setError(null);
    try {
      const saved = await ssoApi.setRules((v.rules ?? []).map((r) => ({ claim: r.claim.trim(), value: orNull(r.value), role: r.role, agency: orNull(r.agency), agencyClaim: orNull(r.agencyClaim) })));
      await queryClient.invalidateQueries({ queryKey: ssoKeys.rules });
      void message.success({ content: <span data-testid="sso-rules-saved">{t('sso.rulesSaved', { n: saved.length })}</span> });
    } catch (e) { setError(errorText(e)); }
  };

  return (
    <main className="lt-page" data-testid="sso-page">
      <Typography.Title level={3}>{t('sso.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('sso.help')}</Typography.Paragraph>
      {error && <Alert type="error" showIcon className="lt-gap" title={error} data-testid="sso-error" />}
      <Card title={t('sso.provider')} className="lt-gap" style={{ maxWidth: 720 }}>
        <Form form={configForm} layout="vertical" initialValues={{ enabled: false, scopes: 'openid profile email' }} onFinish={(v) => void saveConfig(v)}>
          <Form.Item name="enabled" label={t('sso.enabled')} valuePropName="checked"><Switch data-testid="sso-enabled" /></Form.Item>
          <Form.Item name="issuer" label={t('sso.issuer')} extra={t('sso.issuerHelp')} rules={[{ required: true }]}><Input data-testid="sso-issuer" /></Form.Item>
          <Form.Item name="clientId" label={t('sso.clientId')} rules={[{ required: true }]}><Input data-testid="sso-client-id" /></Form.Item>
          <Form.Item name="clientSecret" label={t('sso.clientSecret')} extra={config.data?.hasSecret ? t('sso.secretSet') : t('sso.secretUnset')}>
            <Input.Password autoComplete="new-password" data-testid="sso-client-secret" />
          </Form.Item>
          <Form.Item name="scopes" label={t('sso.scopes')} rules={[{ required: true }]}><Input data-testid="sso-scopes" /></Form.Item>
          <Form.Item name="label" label={t('sso.label')}><Input placeholder={t('sso.loginButton')} data-testid="sso-label" /></Form.Item>
          <Typography.Paragraph type="secondary" data-testid="sso-callback">{t('sso.callback', { url: `${window.location.origin}${config.data?.callbackPath ?? '/auth/oidc/callback'}` })}</Typography.Paragraph>
          <Button type="primary" htmlType="submit" data-testid="sso-save">{t('sso.save')}</Button>
        </Form>
      </Card>
      <Card title={t('sso.rules')}>
        <Typography.Paragraph type="secondary">{t('sso.rulesHelp')}</Typography.Paragraph>
        <Form form={rulesForm} onFinish={(v) => void saveRules(v)}>
          <Form.List name="rules">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f) => (
                  <Space key={f.key} align="baseline" wrap data-testid={`sso-rule-${f.name}`}>
                    <Form.Item name={[f.name, 'claim']} rules={[{ required: true }]}><Input aria-label={t('sso.rule.claim')} placeholder={t('sso.rule.claim')} style={{ width: 140 }} data-testid={`sso-rule-claim-${f.name}`} /></Form.Item>
                    <Form.Item name={[f.name, 'value']}><Input aria-label={t('sso.rule.value')} placeholder={t('sso.rule.valueAny')} style={{ width: 200 }} data-testid={`sso-rule-value-${f.name}`} /></Form.Item>
                    <Form.Item name={[f.name, 'role']} rules={[{ required: true }]}>
                      <Select aria-label={t('sso.rule.role')} style={{ width: 180 }} data-testid={`sso-rule-role-${f.name}`} options={ROLE_NAMES.map((r) => ({ value: r, label: label(lang, `role.${r}`, r) }))} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'agency']}><Input aria-label={t('sso.rule.agency')} placeholder={t('sso.rule.agency')} style={{ width: 150 }} data-testid={`sso-rule-agency-${f.name}`} /></Form.Item>
                    <Form.Item name={[f.name, 'agencyClaim']}><Input aria-label={t('sso.rule.agencyClaim')} placeholder={t('sso.rule.agencyClaim')} style={{ width: 190 }} data-testid={`sso-rule-agency-claim-${f.name}`} /></Form.Item>
                    <Button type="text" icon={<MinusCircleOutlined />} onClick={() => remove(f.name)} aria-label={t('sso.rule.remove')} title={t('sso.rule.remove')} />
                  </Space>
                ))}
                <Space>
                  <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ claim: 'groups', role: 'operator' })} data-testid="sso-rule-add">{t('sso.rule.add')}</Button>
                  <Button type="primary" htmlType="submit" data-testid="sso-rules-save">{t('sso.rulesSave')}</Button>
                </Space>
              </>
            )}
          </Form.List>
        </Form>
      </Card>
    </main>
  );
}
