import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { Alert, Button, Checkbox, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { api } from '../../api/client.js';
import { meQuery } from '../../api/queries.js';
import { agencyOf } from '../access.js';
import { formatTime, useT } from '../../i18n/lang.js';
import { useErrorText } from '../../i18n/error-text.js';
import { taskListQuery, type TaskFilter, type TaskItem } from './task-api.js';
import { TaskStateTag } from './task-state.js';

const STATES = ['open', 'decided', 'expired', 'cancelled'] as const;

/** The inbox as the URL holds it: which box, state (open by default), overdue only, flow. */
function filterOf(params: URLSearchParams): TaskFilter {
  const state = params.get('state') ?? 'open';
  const flow = params.get('flow');
  return {
    box: params.get('box') === 'agency' ? 'agency' : 'mine',
    ...((STATES as readonly string[]).includes(state) ? { state: state as (typeof STATES)[number] } : {}),
    ...(params.get('overdue') === '1' ? { overdue: true } : {}),
    ...(flow ? { flowKey: flow } : {}),
  };
}

/** `/tasks`: "Việc của tôi" (assigned to or claimed by me) and "Việc của đơn vị" (my agency's), most urgent first, overdue marked. */
export function TasksPage() {
  const { t, lang, pick } = useT();
  const errorText = useErrorText();
  const [params, setParams] = useSearchParams();
  const agency = agencyOf(useQuery(meQuery).data);
  const filter = filterOf(params);
  const list = useQuery({ ...taskListQuery(filter), placeholderData: keepPreviousData });
  const flows = useQuery({ queryKey: ['flows', 'list'], queryFn: () => api.listFlows() });
  const setParam = (k: string, v: string | null) => { const next = new URLSearchParams(params); if (v) next.set(k, v); else next.delete(k); setParams(next); };

  const columns = [
    { title: t('tasks.task'), key: 'task', render: (x: TaskItem) => (
      <Link to={`/tasks/${x.taskId}`} data-testid={`task-link-${x.taskId}`}>{pick(x.title ?? undefined, x.nodeId)}</Link>
    ) },
    { title: t('tasks.flow'), key: 'flow', render: (x: TaskItem) => <span>{pick(flows.data?.find((f) => f.key === x.flowKey)?.title, x.flowKey)} <Typography.Text type="secondary">v{x.version}</Typography.Text></span> },
    { title: t('tasks.state'), key: 'state', render: (x: TaskItem) => <Space size={4}><TaskStateTag state={x.state} />{x.overdue && <Tag color="red" data-testid="task-overdue">{t('tasks.overdue')}</Tag>}</Space> },
    { title: t('tasks.assignee'), key: 'assignee', render: (x: TaskItem) => x.assigneeUser ?? `${x.assigneeRole ?? '—'}${x.agency ? ` · ${x.agency}` : ''}` },
    { title: t('tasks.claimedBy'), dataIndex: 'claimedBy', key: 'claimedBy', render: (x: string | null) => x ?? '—' },
    { title: t('tasks.due'), dataIndex: 'dueAt', key: 'due', render: (x: string | null) => (x ? formatTime(lang, x) : '—') },
    { title: t('tasks.created'), dataIndex: 'createdAt', key: 'created', render: (x: string) => formatTime(lang, x) },
  ];

  return (
    <main className="lt-page" data-testid="tasks-page">
      <Typography.Title level={3}>{t('tasks.title')}</Typography.Title>
      {agency && <Alert type="info" showIcon title={t('tasks.onlyAgency', { agency })} className="lt-gap" />}
      <Tabs activeKey={filter.box} onChange={(k) => setParam('box', k === 'agency' ? 'agency' : null)} data-testid="tasks-box"
        items={[{ key: 'mine', label: <span data-testid="tasks-box-mine">{t('tasks.mine')}</span> }, { key: 'agency', label: <span data-testid="tasks-box-agency">{t('tasks.agency')}</span> }]} />
      <Space wrap className="lt-gap">
        <Select value={filter.state ?? 'open'} style={{ width: 170 }} aria-label={t('tasks.state')} data-testid="tasks-state" onChange={(v) => setParam('state', v)}
          options={STATES.map((s) => ({ value: s, label: t(`tasks.${s}`) }))} />
        <Select allowClear showSearch value={filter.flowKey} placeholder={t('tasks.flow')} aria-label={t('tasks.flow')} style={{ width: 240 }} optionFilterProp="label" data-testid="tasks-flow"
          onChange={(v?: string) => setParam('flow', v ?? null)} options={(flows.data ?? []).map((f) => ({ value: f.key, label: `${pick(f.title)} (${f.key})` }))} />
        <Checkbox checked={filter.overdue === true} onChange={(e) => setParam('overdue', e.target.checked ? '1' : null)} data-testid="tasks-overdue">{t('tasks.overdueOnly')}</Checkbox>
        <Button icon={<ReloadOutlined />} onClick={() => void list.refetch()} data-testid="tasks-refresh">{t('tasks.refresh')}</Button>
      </Space>
      {list.error && <Alert type="error" showIcon title={errorText(list.error)} className="lt-gap" />}
      <Table<TaskItem> rowKey="taskId" size="middle" columns={columns} dataSource={list.data?.tasks ?? []} loading={list.isFetching && !list.data} pagination={false}
        locale={{ emptyText: t('tasks.none') }} data-testid="tasks-table"
        onRow={(x) => ({ 'data-testid': `task-row-${x.taskId}`, 'data-run': x.runId, 'data-state': x.state } as React.HTMLAttributes<HTMLElement>)} />
    </main>
  );
}
