import { useQuery } from '@tanstack/react-query';
import { Alert, Table, Typography } from 'antd';
import { useErrorText } from '../../i18n/error-text.js';
import { formatTime, useT } from '../../i18n/lang.js';
import { runTaskEventsQuery, taskEventsQuery, type TaskEvent } from './task-api.js';

/** What an event says beyond its action: a comment's text, a delegate, an escalation's role, a reminder's point, decided fields. */
function detailOf(e: TaskEvent): string {
  const d = e.detail;
  if (typeof d.text === 'string') return d.text;
  if (typeof d.to === 'string') return `→ ${d.to}`;
  if (e.action === 'escalated' && typeof d.role === 'string') return `→ ${d.role}${typeof d.agency === 'string' ? ` · ${d.agency}` : ''}`;
  if (typeof d.fraction === 'number') return `${Math.round(d.fraction * 100)}%`;
  if (Array.isArray(d.fields)) return d.fields.join(', ');
  return '';
}

function EventsTable({ events, loading, testId }: { events: TaskEvent[]; loading: boolean; testId: string }) {
  const { t, lang } = useT();
  const columns = [
    { title: t('timeline.at'), dataIndex: 'at', key: 'at', render: (x: string) => formatTime(lang, x) },
    { title: t('timeline.event'), dataIndex: 'action', key: 'action', render: (x: TaskEvent['action']) => t(`taskEvent.${x}`) },
    { title: t('timeline.actor'), dataIndex: 'actor', key: 'actor', render: (x: string) => <code>{x.replace(/^user:/, '')}</code> },
    { title: t('timeline.detail'), key: 'detail', render: (e: TaskEvent) => detailOf(e) },
  ];
  return (
    <Table<TaskEvent> rowKey="id" size="small" columns={columns} dataSource={events} loading={loading} pagination={false} data-testid={testId}
      onRow={(e) => ({ 'data-testid': 'task-event', 'data-action': e.action, 'data-actor': e.actor } as React.HTMLAttributes<HTMLElement>)} />
  );
}

/** One task's history (the task screen). */
export function TaskHistory({ taskId }: { taskId: string }) {
  const errorText = useErrorText();
  const q = useQuery(taskEventsQuery(taskId));
  if (q.error) return <Alert type="error" showIcon title={errorText(q.error)} />;
  return <EventsTable events={q.data ?? []} loading={q.isPending} testId="task-history" />;
}

/** Who did what on a run's tasks, for the run's timeline; nothing when the run had none. */
export function RunTaskEvents({ runId, live }: { runId: string; live: boolean }) {
  const { t } = useT();
  const q = useQuery(runTaskEventsQuery(runId, live));
  if (q.error || !q.data || q.data.length === 0) return null;
  return (
    <section className="lt-gap-top" data-testid="run-task-events">
      <Typography.Title level={5}>{t('timeline.taskActions')}</Typography.Title>
      <EventsTable events={q.data} loading={false} testId="run-task-events-table" />
    </section>
  );
}
