import { useQuery } from '@tanstack/react-query';
import { useNavigate, useParams } from 'react-router';
import { Alert, Button, Card, Descriptions, Result, Spin, Table, Typography } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { ApiError, type NodeRun, type RunView } from '../../api/client.js';
import { flowVersionQuery, isFinished, runQuery, runRecordQuery } from '../../api/queries.js';
import { ReadOnlyGraph } from '../../panels/read-only-graph.js';
import { useErrorText } from '../../i18n/error-text.js';
import { formatDuration, formatTime, useT } from '../../i18n/lang.js';
import { RunActions } from './run-actions.js';
import { RunTimeline } from './run-timeline.js';
import { StatusTag } from './run-status.js';

/** Back where the person came from (the runs list, or the designer's runs tab), or to the runs list on a fresh tab. */
function BackButton() {
  const { t } = useT();
  const navigate = useNavigate();
  const back = () => void (window.history.state?.idx > 0 ? navigate(-1) : navigate('/runs'));
  return <Button icon={<ArrowLeftOutlined />} onClick={back} data-testid="run-view-close">{t('run.back')}</Button>;
}

/** `/runs/:runId`: the run on its pinned version's graph, its timeline, its data as this person may see it, and what they may do. */
export function RunDetailPage() {
  const { runId = '' } = useParams();
  const { t } = useT();
  const errorText = useErrorText();
  const run = useQuery(runQuery(runId));
  // The archive knows first: Temporal deletes a destroyed run's history in the background, a little later (then 410).
  const record = useQuery({ ...runRecordQuery(runId), retry: false, enabled: !!run.error || isFinished(run.data?.status) });
  let body;
  if (record.data?.destroyed || (run.error instanceof ApiError && run.error.status === 410)) body = <DestroyedRun runId={runId} />;
  else if (run.error instanceof ApiError && run.error.status === 404) body = <Result status="404" title={t('run.notFound')} subTitle={runId} data-testid="run-not-found" />;
  else if (run.error) body = <Alert type="error" showIcon title={errorText(run.error)} />;
  else if (!run.data) body = <Spin />;
  else body = <RunBody run={run.data} />;
  return <main className="lt-page" data-testid="run-view"><BackButton />{body}</main>;
}

function RunBody({ run }: { run: RunView }) {
  const { t, lang, pick } = useT();
  const flow = useQuery(flowVersionQuery(run.flowKey, run.version));
  const nodeRows = Object.entries(run.nodes).map(([id, n]) => ({ id, ...n }));
  const title = (id: string) => pick((flow.data?.document.nodes as Record<string, { title?: { vi: string; en: string } }> | undefined)?.[id]?.title, id);
  return (
    <>
      <Typography.Title level={3} className="lt-gap-top">{pick(flow.data?.document.title, run.flowKey)} <Typography.Text type="secondary" copyable={{ text: run.runId }}>{run.runId}</Typography.Text></Typography.Title>
      <Descriptions size="small" bordered column={3} className="lt-gap">
        <Descriptions.Item label={t('runs.status')}><StatusTag status={run.status} testId="run-status" /></Descriptions.Item>
        <Descriptions.Item label={t('runs.flow')}><code>{run.flowKey}</code> v{run.version}</Descriptions.Item>
        <Descriptions.Item label={t('run.hash')}><code>{run.hash.slice(0, 16)}…</code></Descriptions.Item>
        <Descriptions.Item label={t('runs.started')}>{formatTime(lang, run.startedAt)}</Descriptions.Item>
        <Descriptions.Item label={t('run.finished')}>{formatTime(lang, run.finishedAt)}</Descriptions.Item>
        <Descriptions.Item label={t('runs.duration')}>{formatDuration(run.startedAt, run.finishedAt)}</Descriptions.Item>
      </Descriptions>
      <RunActions run={run} doc={flow.data?.document} />
      <Card size="small" title={t('run.graph')} className="lt-gap-top">
        <div className="lt-run-graph">{flow.data && <ReadOnlyGraph doc={flow.data.document} run={run} testId="run-graph" />}</div>
      </Card>
      <Card size="small" title={t('run.timeline')} className="lt-gap-top"><RunTimeline runId={run.runId} live={!isFinished(run.status)} /></Card>
      <Card size="small" title={t('run.nodes')} className="lt-gap-top">
        <Table rowKey="id" size="small" pagination={false} dataSource={nodeRows} data-testid="run-nodes" columns={[
          { title: t('run.node'), key: 'id', render: (n: NodeRun & { id: string }) => <span>{title(n.id)} <code>{n.id}</code></span> },
          { title: t('runs.status'), key: 'status', render: (n: NodeRun) => <StatusTag status={n.status} /> },
          { title: t('runs.started'), key: 'started', render: (n: NodeRun) => formatTime(lang, n.startedAt) },
          { title: t('runs.duration'), key: 'took', render: (n: NodeRun) => formatDuration(n.startedAt, n.finishedAt) },
          { title: t('timeline.error'), key: 'error', render: (n: NodeRun) => (n.error ? <Typography.Text type="danger">{n.error.code}: {n.error.message[lang]}</Typography.Text> : '') },
        ]} />
      </Card>
      <Card size="small" title={t('run.data')} className="lt-gap-top" data-testid="run-data">
        {run.dataHidden ? <Alert type="info" showIcon title={t('run.dataHidden')} data-testid="run-data-hidden" /> : (
          <>
            {run.error && <Alert type="error" showIcon title={`${run.error.code}: ${run.error.message[lang]}`} className="lt-gap" />}
            <Typography.Text strong>{t('run.output')}</Typography.Text>
            <pre className="lt-json" data-testid="run-output">{run.output === undefined ? '—' : JSON.stringify(run.output, null, 2)}</pre>
            {run.response !== undefined && <><Typography.Text strong>{t('run.response')}</Typography.Text><pre className="lt-json">{JSON.stringify(run.response, null, 2)}</pre></>}
          </>
        )}
      </Card>
    </>
  );
}

/** A run past its retention: the archived metadata stays; its data was destroyed, and the screen says so. */
function DestroyedRun({ runId }: { runId: string }) {
  const { t, lang } = useT();
  const errorText = useErrorText();
  const rec = useQuery(runRecordQuery(runId));
  if (rec.error) return <Alert type="error" showIcon title={errorText(rec.error)} />;
  if (!rec.data) return <Spin />;
  const r = rec.data;
  return (
    <>
      <Alert type="warning" showIcon className="lt-gap-top" data-testid="run-destroyed"
        title={t('run.destroyed', { at: formatTime(lang, r.retention.destroyedAt) })} description={t('run.destroyedWhy', { days: r.retention.days ?? '—' })} />
      <Descriptions size="small" bordered column={2} className="lt-gap-top">
        <Descriptions.Item label={t('runs.id')}><code>{r.runId}</code></Descriptions.Item>
        <Descriptions.Item label={t('runs.status')}><StatusTag status={r.status} testId="run-status" /></Descriptions.Item>
        <Descriptions.Item label={t('runs.flow')}><code>{r.flowKey}</code> v{r.version}</Descriptions.Item>
        <Descriptions.Item label={t('runs.agency')}>{r.agency ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('runs.started')}>{formatTime(lang, r.startedAt)}</Descriptions.Item>
        <Descriptions.Item label={t('run.finished')}>{formatTime(lang, r.finishedAt)}</Descriptions.Item>
      </Descriptions>
    </>
  );
}
