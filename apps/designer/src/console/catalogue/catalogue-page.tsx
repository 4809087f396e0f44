import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { Alert, Button, Card, Col, Row, Select, Space, Spin, Tag, Typography } from 'antd';
import { CopyOutlined } from '@ant-design/icons';
import type { FlowDocument } from '@lienthong/schemas';
import type { FlowSummary } from '../../api/client.js';
import { meQuery } from '../../api/queries.js';
import { useErrorText } from '../../i18n/error-text.js';
import { useT } from '../../i18n/lang.js';
import { label } from '../../i18n/messages.js';
import { sampleOf } from '../../model/sample-value.js';
import { agencyOf } from '../access.js';
import { catalogueApi, grantedFlows, type CatalogueSystem } from './catalogue-api.js';
import { SchemaView } from './schema-view.js';
import { clientSnippet, curlSnippet } from './snippets.js';

const codeStyle = { whiteSpace: 'pre-wrap', wordBreak: 'break-all', background: '#f5f5f5', color: '#1f1f1f', padding: 12, borderRadius: 4, fontSize: 12, margin: 0 } as const;

function CopyButton({ text, testId }: { text: string; testId: string }) {
  const { t } = useT();
  const [copied, setCopied] = useState(false);
  const copy = async () => { await navigator.clipboard.writeText(text); setCopied(true); };
  return <Button size="small" icon={<CopyOutlined />} onClick={() => void copy().catch(() => undefined)} data-testid={testId}>{copied ? t('catalogue.copied') : t('catalogue.copy')}</Button>;
}

/** The API trigger's answer mode: synchronous flows answer within 30 s, the others with 202 and a run id to poll. */
function triggerOf(doc: FlowDocument): { api: boolean; sync: boolean } {
  const trigger = Object.values(doc.nodes).find((n) => n.kind === 'trigger');
  const tr = trigger && 'trigger' in trigger ? trigger.trigger : undefined;
  return { api: !tr || tr.type === 'api', sync: !!tr && tr.type === 'api' && tr.sync === true };
}

function FlowCard({ flow }: { flow: FlowSummary }) {
  const { t, pick } = useT();
  const errorText = useErrorText();
  const q = useQuery({ queryKey: ['flows', 'get', flow.key, 'latest'], queryFn: () => catalogueApi.flow(flow.key) });
  const doc = q.data?.document;
  const mode = doc ? triggerOf(doc) : { api: true, sync: false };
  const snippet = { origin: window.location.origin, flowKey: flow.key, input: doc?.inputSchema ? sampleOf(doc.inputSchema) : {}, sync: mode.sync };
  const curl = curlSnippet(snippet);
  const ts = clientSnippet(snippet);
  return (
    <Card className="lt-gap" data-testid={`catalogue-flow-${flow.key}`}
      title={<Space wrap><span>{pick(flow.title, flow.key)}</span><code>{flow.key}</code><Tag>v{flow.latestVersion}</Tag>
        {doc && <Tag color={mode.sync ? 'green' : 'blue'}>{mode.sync ? t('catalogue.sync') : t('catalogue.async')}</Tag>}</Space>}>
      {q.error && <Alert type="error" showIcon title={errorText(q.error)} />}
      {!doc && !q.error && <Spin />}
      {doc && (
        <>
          {doc.description && <Typography.Paragraph>{pick(doc.description)}</Typography.Paragraph>}
          {!mode.api && <Alert type="info" showIcon className="lt-gap" title={t('catalogue.notApi')} />}
          <Typography.Title level={5}>{t('catalogue.input')}</Typography.Title>
          <SchemaView schema={doc.inputSchema} testId={`catalogue-schema-${flow.key}`} />
          <Row gutter={16} className="lt-gap" style={{ marginTop: 16 }}>
            <Col xs={24} xl={12}>
              <Space style={{ justifyContent: 'space-between', width: '100%' }}>
                <Typography.Title level={5}>{t('catalogue.curl')}</Typography.Title>
                <CopyButton text={curl} testId={`catalogue-curl-copy-${flow.key}`} />
              </Space>
              <pre style={codeStyle} data-testid={`catalogue-curl-${flow.key}`} tabIndex={0} aria-label={t('catalogue.curl')}>{curl}</pre>
            </Col>
            <Col xs={24} xl={12}>
              <Space style={{ justifyContent: 'space-between', width: '100%' }}>
                <Typography.Title level={5}>{t('catalogue.client')}</Typography.Title>
                <CopyButton text={ts} testId={`catalogue-client-copy-${flow.key}`} />
              </Space>
              <pre style={codeStyle} data-testid={`catalogue-client-${flow.key}`} tabIndex={0} aria-label={t('catalogue.client')}>{ts}</pre>
            </Col>
          </Row>
        </>
      )}
    </Card>
  );
}

const systemLabel = (s: CatalogueSystem, pick: (x: { vi: string; en: string }) => string) => `${pick(s.name)} (${s.code})`;

/** `/catalogue`: for an agency's developers, the published flows each of its connected systems may call, with how to call them. */
export function CataloguePage() {
  const { t, pick, lang } = useT();
  const errorText = useErrorText();
  const agency = agencyOf(useQuery(meQuery).data);
  const [params, setParams] = useSearchParams();
  const systems = useQuery({ queryKey: ['systems', 'list'], queryFn: () => catalogueApi.systems() });
  const flows = useQuery({ queryKey: ['flows', 'list'], queryFn: () => catalogueApi.flows() });
  const list = systems.data ?? [];
  const chosen = list.find((s) => s.code === params.get('system')) ?? list.find((s) => s.status === 'active') ?? list[0];
  const granted = grantedFlows(chosen, flows.data ?? []);

  return (
    <main className="lt-page" data-testid="catalogue-page">
      <Typography.Title level={3}>{t('catalogue.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('catalogue.intro')}</Typography.Paragraph>
      {agency && <Alert type="info" showIcon className="lt-gap" title={t('catalogue.onlyAgency', { agency })} data-testid="catalogue-agency-note" />}
      {(systems.error ?? flows.error) && <Alert type="error" showIcon className="lt-gap" title={errorText(systems.error ?? flows.error)} data-testid="catalogue-error" />}
      {systems.isPending ? <Spin /> : list.length === 0 ? (
        <Alert type="warning" showIcon title={t('catalogue.noSystem')} data-testid="catalogue-no-system" />
      ) : (
        <>
          <Space className="lt-gap" wrap>
            <label htmlFor="catalogue-system">{t('catalogue.system')}</label>
            <Select id="catalogue-system" style={{ minWidth: 360 }} value={chosen?.code} data-testid="catalogue-system" showSearch optionFilterProp="label"
              options={list.map((s) => ({ value: s.code, label: systemLabel(s, pick) }))}
              onChange={(code: string) => setParams(new URLSearchParams({ system: code }))} />
            {chosen && <Tag color={chosen.status === 'active' ? 'green' : 'orange'} data-testid="catalogue-system-status">{label(lang, `catalogue.status.${chosen.status}`, chosen.status)}</Tag>}
          </Space>
          {chosen && chosen.status !== 'active' && <Alert type="warning" showIcon className="lt-gap" title={t('catalogue.notActive')} />}
          {granted.length === 0 ? <Alert type="info" showIcon title={t('catalogue.noFlows')} data-testid="catalogue-no-flows" />
            : granted.map((f) => <FlowCard key={f.key} flow={f} />)}
        </>
      )}
    </main>
  );
}
