import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { Alert, App, Button, Card, Col, Descriptions, Input, Row, Space, Spin, Typography } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { ApiError } from '../../api/client.js';
import { meQuery } from '../../api/queries.js';
import { can } from '../access.js';
import { formatTime, useT } from '../../i18n/lang.js';
import { useErrorText } from '../../i18n/error-text.js';
import { taskApi, taskQuery, type TaskDetail } from './task-api.js';
import { TaskStateTag } from './task-state.js';
import { DecisionForm } from './decision-form.js';
import { TaskHistory } from './task-events.js';

/** The run data the flow lets the officer see (the task node's `context`), as a list of fields. */
function RunContext({ context }: { context: unknown }) {
  const { t } = useT();
  if (context === undefined) return null;
  if (context === null) return <Typography.Text type="secondary">{t('tasks.noContext')}</Typography.Text>;
  const entries = typeof context === 'object' && !Array.isArray(context) ? Object.entries(context as Record<string, unknown>) : [['', context] as const];
  return (
    <Descriptions size="small" column={1} bordered data-testid="task-context"
      items={entries.map(([k, v]) => ({ key: k, label: k, children: <span data-testid={`task-context-${k}`}>{typeof v === 'object' ? JSON.stringify(v) : String(v)}</span> }))} />
  );
}

/** `/tasks/:taskId`: the task, the run data it shows, the decision form, claim / unclaim / delegate / comment, its history. */
export function TaskDetailPage() {
  const { taskId = '' } = useParams();
  const { t, lang, pick } = useT();
  const errorText = useErrorText();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const me = useQuery(meQuery).data;
  const q = useQuery(taskQuery(taskId));
  const [delegateTo, setDelegateTo] = useState('');
  const [comment, setComment] = useState('');
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['tasks'] });
  const act = async (f: () => Promise<unknown>, done?: string) => {
    try { await f(); if (done) void message.success(done); } catch (e) { void message.error(errorText(e)); } finally { void refresh(); }
  };

  if (q.error) return <main className="lt-page"><Alert type="error" showIcon title={errorText(q.error)} data-testid="task-error" /></main>;
  if (!q.data) return <main className="lt-page"><Spin /></main>;
  const task: TaskDetail = q.data;
  const mayDecide = can(me, 'tasks.decide');
  const myName = me?.kind === 'user' ? me.id.replace(/^user:/, '') : '';
  const open = task.state === 'open';
  // The run's retention ended (R-02: at close for a flow kept 0 days): metadata stays, what the task showed is gone.
  const destroyed = task.destroyed as { params?: { destroyedAt?: string } } | undefined;
  const destroyedAt = destroyed ? (destroyed.params?.destroyedAt ?? '') : undefined;
  const heldByOther = (task.claimedBy && task.claimedBy !== myName) || (!task.claimedBy && task.assigneeUser && task.assigneeUser !== myName);

  const decide = async (decision: Record<string, unknown>) => {
    try {
      await taskApi.decide(task.taskId, decision);
      void message.success(t('tasks.sent'));
      void refresh();
      void queryClient.invalidateQueries({ queryKey: ['runs'] });
      return null;
    } catch (e) {
      if (e instanceof ApiError && e.errors.some((x) => x.code === 'TASK_DECISION_INVALID')) {
        return e.errors.map((x) => ({ pointer: x.where?.pointer ?? '/', message: x.message[lang] }));
      }
      void message.error(errorText(e));
      return null;
    }
  };

  return (
    <main className="lt-page" data-testid="task-detail" data-state={task.state}>
      <Link to="/tasks"><ArrowLeftOutlined /> {t('tasks.back')}</Link>
      <Typography.Title level={3}>{pick(task.title ?? undefined, task.nodeId)} <TaskStateTag state={task.state} /></Typography.Title>
      <Descriptions size="small" column={{ xs: 1, md: 3 }} className="lt-gap" items={[
        { key: 'flow', label: t('tasks.flow'), children: `${task.flowKey} v${task.version}` },
        { key: 'run', label: t('tasks.run'), children: can(me, 'runs.read') ? <Link to={`/runs/${encodeURIComponent(task.runId)}`} data-testid="task-run-link"><code>{task.runId}</code></Link> : <code>{task.runId}</code> },
        { key: 'agency', label: t('tasks.agencyOf'), children: task.agency ?? '—' },
        { key: 'assignee', label: t('tasks.assignee'), children: task.assigneeUser ?? task.assigneeRole ?? '—' },
        { key: 'claimed', label: t('tasks.claimedBy'), children: <span data-testid="task-claimed-by">{task.claimedBy ?? '—'}</span> },
        { key: 'due', label: t('tasks.due'), children: <span>{task.dueAt ? formatTime(lang, task.dueAt) : '—'} {task.overdue && <Typography.Text type="danger" data-testid="task-overdue">{t('tasks.overdue')}</Typography.Text>}</span> },
      ]} />
      <Row gutter={16}>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('tasks.context')} className="lt-gap">
            {destroyedAt !== undefined
              ? <Alert type="warning" showIcon data-testid="task-data-destroyed" title={t('tasks.dataDestroyed', { at: formatTime(lang, destroyedAt) })} />
              : <RunContext context={task.context} />}
          </Card>
          <Card size="small" title={t('tasks.history')} className="lt-gap"><TaskHistory taskId={task.taskId} /></Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('tasks.form')} className="lt-gap">
            {task.state === 'decided' && (
              <Alert type="success" showIcon data-testid="task-decided" title={t('tasks.decidedNote', { user: task.decidedBy ?? '—', at: formatTime(lang, task.decidedAt ?? undefined) })}
                description={destroyedAt === undefined && <pre className="lt-json">{JSON.stringify(task.decision, null, 2)}</pre>} />
            )}
            {open && !mayDecide && <Alert type="info" showIcon title={t('tasks.cannotDecide')} data-testid="task-view-only" />}
            {open && mayDecide && task.form && <DecisionForm schema={task.form} disabled={!!heldByOther} onDecide={decide} />}
          </Card>
          {open && mayDecide && (
            <Card size="small" className="lt-gap">
              <Space wrap>
                {!task.claimedBy && !heldByOther && <Button onClick={() => void act(() => taskApi.claim(task.taskId))} data-testid="task-claim">{t('tasks.claim')}</Button>}
                {task.claimedBy === myName && <Button onClick={() => void act(() => taskApi.unclaim(task.taskId))} data-testid="task-unclaim">{t('tasks.unclaim')}</Button>}
                {!heldByOther && (
                  <Space.Compact>
                    <Input placeholder={t('tasks.delegateTo')} value={delegateTo} onChange={(e) => setDelegateTo(e.target.value)} data-testid="task-delegate-to" style={{ width: 200 }} />
                    <Button disabled={!delegateTo.trim()} onClick={() => void act(() => taskApi.delegate(task.taskId, delegateTo.trim())).then(() => setDelegateTo(''))} data-testid="task-delegate">{t('tasks.delegate')}</Button>
                  </Space.Compact>
                )}
              </Space>
              <Space.Compact style={{ width: '100%' }} className="lt-gap-top">
                <Input placeholder={t('tasks.comment')} value={comment} onChange={(e) => setComment(e.target.value)} data-testid="task-comment-text" />
                <Button disabled={!comment.trim()} onClick={() => void act(() => taskApi.comment(task.taskId, comment.trim())).then(() => { setComment(''); void queryClient.invalidateQueries({ queryKey: ['tasks', 'events', task.taskId] }); })} data-testid="task-comment">{t('tasks.addComment')}</Button>
              </Space.Compact>
            </Card>
          )}
        </Col>
      </Row>
    </main>
  );
}
