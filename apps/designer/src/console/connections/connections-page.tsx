import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Form, Modal, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { ApiOutlined, DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { formatTime, useT } from '../../i18n/lang.js';
import { useErrorText } from '../../i18n/error-text.js';
import { connectionKeys, connectionsApi, type ConnectionRow, type ConnectionTest } from './connections-api.js';
import { ConnectionForm, type ConnectionFields } from './connection-form.js';

const filled = (o: Record<string, string | undefined>) => Object.fromEntries(Object.entries(o).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== ''));

/** What a person typed as secrets: only the fields filled in (on an existing connection an empty field keeps the stored value). */
function secretsOf(v: ConnectionFields) {
  const credential = filled(v.credential ?? {});
  const rest = filled({ proxyUrl: v.proxyUrl, caCert: v.caCert, clientCert: v.clientCert, clientKey: v.clientKey,
    wsSecurity: v.wsSecurity, signingCert: v.signingCert, signingKey: v.signingKey, signatureCaCert: v.signatureCaCert });
  const s = { ...(Object.keys(credential).length > 0 ? { credential } : {}), ...rest };
  return Object.keys(s).length > 0 ? s : undefined;
}

/** The result of "test connection": success, or the kind of fault with the connector error's code and message. */
function TestResult({ r }: { r: ConnectionTest }) {
  const { t, pick } = useT();
  if (r.ok) return <Alert type="success" showIcon data-testid="connection-test-result" data-kind="ok" title={t(r.checked === 'read' ? 'connections.testOk' : 'connections.testReachable', { ms: r.ms })} />;
  return (
    <Alert type="error" showIcon data-testid="connection-test-result" data-kind={r.kind} data-code={r.code}
      title={t(`connections.kind.${r.kind}`)} description={<span>{pick(r.message)} <Typography.Text code>{r.code}</Typography.Text></span>} />
  );
}

/** `/connections`: connections to target systems (credentials.manage): create, rotate secrets, test, delete. Secrets are write-only. */
export function ConnectionsPage() {
  const { t, lang } = useT();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const list = useQuery({ queryKey: connectionKeys.list, queryFn: () => connectionsApi.list() });
  const [editing, setEditing] = useState<ConnectionRow | 'new' | null>(null);
  const [tests, setTests] = useState<Record<string, ConnectionTest | 'running'>>({});
  const [error, setError] = useState<string | null>(null);
  const [form] = Form.useForm<ConnectionFields>();
  const refresh = () => queryClient.invalidateQueries({ queryKey: connectionKeys.list });

  const open = (c: ConnectionRow | 'new') => {
    setError(null);
    form.resetFields();
    form.setFieldsValue(c === 'new' ? { environment: 'production' } : { id: c.id, name: c.name, family: c.family, environment: c.environment as ConnectionFields['environment'], endpoint: c.endpoint, timeoutMs: c.timeoutMs, ratePerMinute: c.ratePerMinute });
    setEditing(c);
  };
  const save = async (v: ConnectionFields) => {
    setError(null);
    const secrets = secretsOf(v);
    try {
      if (editing === 'new') {
        await connectionsApi.create({ id: v.id.trim(), name: v.name, family: v.family, environment: v.environment, endpoint: v.endpoint.trim(),
          timeoutMs: v.timeoutMs ?? null, ratePerMinute: v.ratePerMinute ?? null, ...(secrets ? { secrets } : {}) });
      } else if (editing) {
        await connectionsApi.update({ connectionId: editing.id, name: v.name, environment: v.environment, endpoint: v.endpoint.trim(),
          timeoutMs: v.timeoutMs ?? null, ratePerMinute: v.ratePerMinute ?? null, ...(secrets ? { secrets } : {}) });
      }
      void message.success(t('connections.saved', { id: v.id }));
      setEditing(null);
      form.resetFields(); // secrets leave the page's memory with the form
      void refresh();
    } catch (e) { setError(errorText(e)); }
  };
  const test = async (id: string) => {
    setTests((s) => ({ ...s, [id]: 'running' }));
    try {
      const r = await connectionsApi.test(id);
      setTests((s) => ({ ...s, [id]: r }));
    } catch (e) {
      setTests((s) => { const { [id]: _, ...rest } = s; return rest; });
      void message.error(errorText(e));
    }
  };
  const remove = async (id: string) => {
    try { await connectionsApi.remove(id); } catch (e) { void message.error(errorText(e)); } finally { void refresh(); }
  };

  return (
    <main className="lt-page" data-testid="connections-page">
      <Space style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={3}>{t('connections.title')}</Typography.Title>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => open('new')} data-testid="connection-new">{t('connections.new')}</Button>
      </Space>
      <Typography.Paragraph type="secondary">{t('connections.help')}</Typography.Paragraph>
      <Table<ConnectionRow> rowKey="id" loading={list.isPending} dataSource={list.data ?? []} pagination={false}
        onRow={(c) => ({ 'data-testid': `connection-row-${c.id}` } as React.HTMLAttributes<HTMLElement>)}
        expandable={{ expandedRowKeys: Object.keys(tests), showExpandColumn: false,
          expandedRowRender: (c) => { const r = tests[c.id]; return r && r !== 'running' ? <TestResult r={r} /> : null; } }}
        columns={[
          { title: t('connections.id'), dataIndex: 'id', render: (id: string, c) => <Space direction="vertical" size={0}><code>{id}</code><span>{c.name}</span></Space> },
          { title: t('connections.family'), dataIndex: 'family', render: (f: string, c) => <Space><Tag>{f}</Tag><Tag color="blue">{t(`connections.env.${c.environment as 'production'}`)}</Tag></Space> },
          { title: t('connections.endpoint'), dataIndex: 'endpoint', render: (e: string) => <code>{e}</code> },
          { title: t('connections.transport'), key: 'transport', render: (_: unknown, c) => (
            <Space wrap>
              {c.transport.proxy && <Tag>{t('connections.proxy')}: {c.transport.proxy}</Tag>}
              {c.transport.caCert && <Tag>{t('connections.caCert')}</Tag>}
              {c.transport.clientCert && <Tag color="purple">mTLS</Tag>}
              {c.ratePerMinute && <Tag>{t('connections.ratePerMinute', { n: c.ratePerMinute })}</Tag>}
            </Space>) },
          { title: t('connections.version'), dataIndex: 'version', render: (v: number, c) => <span title={c.updatedBy ?? ''}>v{v} · {formatTime(lang, c.updatedAt)}</span> },
          { title: '', key: 'actions', render: (_: unknown, c) => (
            <Space>
              <Button icon={<ApiOutlined />} loading={tests[c.id] === 'running'} onClick={() => void test(c.id)} data-testid={`connection-test-${c.id}`}>{t('connections.test')}</Button>
              <Button icon={<EditOutlined />} onClick={() => open(c)} data-testid={`connection-edit-${c.id}`}>{t('connections.edit')}</Button>
              <Popconfirm title={t('connections.removeConfirm', { id: c.id })} onConfirm={() => void remove(c.id)}>
                <Button danger icon={<DeleteOutlined />} aria-label={t('connections.remove')} title={t('connections.remove')} />
              </Popconfirm>
            </Space>) },
        ]} />
      <Modal open={editing !== null} width={760} title={editing === 'new' ? t('connections.new') : t('connections.editTitle', { id: editing?.id ?? '' })}
        onCancel={() => { setEditing(null); form.resetFields(); }} onOk={() => form.submit()} okText={t('connections.save')} okButtonProps={{ 'data-testid': 'connection-save' }} forceRender>
        {error && <Alert type="error" showIcon className="lt-gap" title={error} data-testid="connection-error" />}
        <Form form={form} layout="vertical" onFinish={(v) => void save(v)}>
          <ConnectionForm editing={editing === 'new' ? null : editing} />
        </Form>
      </Modal>
    </main>
  );
}
