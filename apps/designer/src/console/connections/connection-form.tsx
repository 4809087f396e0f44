import { Alert, Col, Divider, Form, Input, InputNumber, Row, Select } from 'antd';
import { useT } from '../../i18n/lang.js';
import { FAMILIES, type ConnectionRow } from './connections-api.js';

export type ConnectionFields = {
  id: string; name: string; family: string; environment: 'production' | 'staging' | 'test'; endpoint: string;
  timeoutMs?: number | null; ratePerMinute?: number | null;
  credential?: Record<string, string>; proxyUrl?: string; caCert?: string; clientCert?: string; clientKey?: string;
  wsSecurity?: 'none' | 'usernameToken' | 'x509Signature'; signingCert?: string; signingKey?: string; signatureCaCert?: string;
};

const WS_MODES = ['none', 'usernameToken', 'x509Signature'] as const;
const wsModeOf = (v: string | null | undefined): (typeof WS_MODES)[number] => WS_MODES.find((m) => m === v) ?? 'none';

type PemField = 'caCert' | 'clientCert' | 'clientKey' | 'signingCert' | 'signingKey' | 'signatureCaCert';

/**
 * The connection's fields. Secrets are write-only: on an existing connection they start empty, and what is typed
 * replaces the stored value (a rotation); an empty field keeps it.
 */
export function ConnectionForm({ editing }: { editing: ConnectionRow | null }) {
  const { t } = useT();
  const family = Form.useWatch<string | undefined>('family');
  const fields = FAMILIES.find((f) => f.family === family)?.fields ?? [];
  const keep = editing ? t('connections.keepSecret') : undefined;
  // What the connection shows about a PEM: set or not (a key is set with its certificate).
  const isSet = (name: PemField): boolean | undefined => {
    const v = editing?.transport;
    return { caCert: v?.caCert, clientCert: v?.clientCert, clientKey: v?.clientCert, signingCert: v?.signingCert, signingKey: v?.signingCert, signatureCaCert: v?.signatureCaCert }[name];
  };
  const pem = (name: PemField, label: string) => (
    <Form.Item name={name} label={label} extra={isSet(name) ? t('connections.isSet') : undefined}>
      <Input.TextArea rows={3} placeholder={keep ?? '-----BEGIN …-----'} spellCheck={false} autoComplete="off" data-testid={`connection-${name}`} />
    </Form.Item>
  );
  return (
    <>
      {editing && <Alert type="info" showIcon className="lt-gap" title={t('connections.rotateHelp')} />}
      <Row gutter={12}>
        <Col span={12}><Form.Item name="id" label={t('connections.id')} extra={t('connections.idHelp')} rules={[{ required: true }]}><Input disabled={!!editing} data-testid="connection-id" /></Form.Item></Col>
        <Col span={12}><Form.Item name="name" label={t('connections.name')} rules={[{ required: true }]}><Input data-testid="connection-name" /></Form.Item></Col>
        <Col span={12}>
          <Form.Item name="family" label={t('connections.family')} rules={[{ required: true }]}>
            <Select disabled={!!editing} showSearch data-testid="connection-family" options={FAMILIES.map((f) => ({ value: f.family, label: f.family }))} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="environment" label={t('connections.environment')} rules={[{ required: true }]}>
            <Select data-testid="connection-environment" options={(['production', 'staging', 'test'] as const).map((e) => ({ value: e, label: t(`connections.env.${e}`) }))} />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="endpoint" label={t('connections.endpoint')} rules={[{ required: true }]}><Input placeholder="https://ngsp.gov.vn" data-testid="connection-endpoint" /></Form.Item>
      <Row gutter={12}>
        <Col span={12}><Form.Item name="timeoutMs" label={t('connections.timeout')}><InputNumber min={100} max={120000} style={{ width: '100%' }} data-testid="connection-timeout" /></Form.Item></Col>
        <Col span={12}><Form.Item name="ratePerMinute" label={t('connections.rate')} extra={t('connections.rateHelp')}><InputNumber min={1} max={100000} style={{ width: '100%' }} data-testid="connection-rate" /></Form.Item></Col>
      </Row>
      {fields.map((f) => (
        <Form.Item key={f} name={['credential', f]} label={f} extra={editing?.secretFields.includes(f) ? t('connections.isSet') : undefined}>
          <Input.Password placeholder={keep} autoComplete="new-password" data-testid={`connection-credential-${f}`} />
        </Form.Item>
      ))}
      <Form.Item name="proxyUrl" label={t('connections.proxy')} extra={editing?.transport.proxy ? `${t('connections.isSet')}: ${editing.transport.proxy}` : t('connections.proxyHelp')}>
        <Input.Password placeholder={keep ?? 'http://user:password@proxy.tinh.gov.vn:3128'} autoComplete="new-password" data-testid="connection-proxyUrl" />
      </Form.Item>
      {pem('caCert', t('connections.caCert'))}
      {pem('clientCert', t('connections.clientCert'))}
      {pem('clientKey', t('connections.clientKey'))}
      <Divider titlePlacement="start" plain>{t('connections.messageSecurity')}</Divider>
      <Form.Item name="wsSecurity" label={t('connections.wsSecurity')}>
        <Select allowClear data-testid="connection-wsSecurity" placeholder={t(`connections.ws.${wsModeOf(editing?.transport.wsSecurity)}`)}
          options={WS_MODES.map((w) => ({ value: w, label: t(`connections.ws.${w}`) }))} />
      </Form.Item>
      {pem('signingCert', t('connections.signingCert'))}
      {pem('signingKey', t('connections.signingKey'))}
      {pem('signatureCaCert', t('connections.signatureCaCert'))}
    </>
  );
}
