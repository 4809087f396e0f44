import { useQuery } from '@tanstack/react-query';
import { Alert, Table, Typography } from 'antd';
import { useErrorText } from '../../i18n/error-text.js';
import { formatTime, useT } from '../../i18n/lang.js';
import { runTaskEventsQuery, taskEventsQuery, type TaskEvent } from './task-api.js';

type Translate = ReturnType<typeof useT>['t'];
interface Pause { from: string; to: string; dueBefore: string; dueAfter: string }
const isPause = (v: unknown): v is Pause => !!v && typeof v === 'object'
  && ['from', 'to', 'dueBefore', 'dueAfter'].every((k) => typeof (v as Record<string, unknown>)[k] === 'string');

/**
 * What an event says beyond its action: a comment's text, a delegate, an escalation's role, a reminder's point, decided
 * fields, or, for a task continuing another's SLA clock, when the clock was paused and how far the deadline moved.
 */
function detailOf(e: TaskEvent, t: Translate, lang: Parameters<typeof formatTime>[0]): React.ReactNode {
  const d = e.detail;
  if (e.action === 'created' && isPause(d.pause)) {
    const p = d.pause;
    return <span data-testid="task-sla-pause" data-from={p.from} data-to={p.to}>{t('tasks.slaPaused', {
      from: formatTime(lang, p.from), to: formatTime(lang, p.to), dueBefore: formatTime(lang, p.dueBefore), dueAfter: formatTime(lang, p.dueAfter) })}</span>;
  }
  if (typeof d.text === 'string') return d.text;
  if (typeof d.to === 'string') return `→ ${d.to}`;
  if (e.action === 'escalated' && typeof d.role === 'string') {
    const also = Array.isArray(d.also) ? (d.also as { role?: string; agency?: string }[]).map((x) => `, ${x.role ?? '?'}${x.agency ? ` · ${x.agency}` : ''}`).join('') : '';
    return `→ ${d.role}${typeof d.agency === 'string' ? ` · ${d.agency}` : ''}${also}`;
  }
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
    { title: t('timeline.detail'), key: 'detail', render: (e: TaskEvent) => detailOf(e, t, lang) },
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
