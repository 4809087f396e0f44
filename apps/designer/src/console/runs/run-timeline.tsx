import { useQuery } from '@tanstack/react-query';
import { Alert, Table, Typography } from 'antd';
import type { TimelineEntry } from '../../api/client.js';
import { timelineQuery } from '../../api/queries.js';
import { useErrorText } from '../../i18n/error-text.js';
import { formatDuration, formatTime, useT } from '../../i18n/lang.js';
import { label } from '../../i18n/messages.js';
import { RunTaskEvents } from '../tasks/task-events.js';

const ENDS = /_(COMPLETED|FAILED|TIMED_OUT|CANCELED)$/;

/** Each step's time from its scheduling (or start) to its end, keyed by event id of the end. */
function durations(entries: TimelineEntry[]): Map<number, string> {
  const begun = new Map<string, string>();
  const out = new Map<number, string>();
  for (const e of entries) {
    const step = e.activity ?? e.timer;
    if (!step) continue;
    if (/_(SCHEDULED|STARTED)$/.test(e.type)) { if (!begun.has(step) || e.type.endsWith('SCHEDULED')) begun.set(step, e.at); continue; }
    if (ENDS.test(e.type) && begun.has(step)) { out.set(e.eventId, formatDuration(begun.get(step), e.at)); begun.delete(step); }
  }
  return out;
}

/** The step timeline from the run's history: scheduled, started (with its attempt and the last attempt's error), completed. */
export function RunTimeline({ runId, live }: { runId: string; live: boolean }) {
  const { t, lang } = useT();
  const errorText = useErrorText();
  const q = useQuery(timelineQuery(runId, live));
  if (q.error) return <Alert type="error" showIcon title={errorText(q.error)} />;
  const took = durations(q.data ?? []);
  const columns = [
    { title: t('timeline.at'), dataIndex: 'at', key: 'at', render: (x: string) => formatTime(lang, x) },
    { title: t('timeline.event'), dataIndex: 'type', key: 'type', render: (x: string) => label(lang, `event.${x}`, x) },
    { title: t('timeline.step'), key: 'step', render: (e: TimelineEntry) => <code>{e.activity ?? e.signal ?? e.timer ?? ''}</code> },
    { title: t('timeline.attempt'), dataIndex: 'attempt', key: 'attempt', render: (n?: number) => (n ? <span data-testid="timeline-attempt" data-attempt={n}>{n}</span> : '') },
    { title: t('timeline.duration'), key: 'duration', render: (e: TimelineEntry) => took.get(e.eventId) ?? '' },
    { title: t('timeline.error'), dataIndex: 'failure', key: 'failure', render: (x?: string) => (x ? <Typography.Text type="danger" data-testid="timeline-error">{x}</Typography.Text> : '') },
  ];
  return (
    <>
    <Table<TimelineEntry> rowKey="eventId" size="small" columns={columns} dataSource={q.data ?? []} loading={q.isPending} pagination={false} data-testid="run-timeline"
      onRow={(e) => ({ 'data-testid': 'timeline-row', 'data-type': e.type, 'data-attempt': e.attempt ?? 0 } as React.HTMLAttributes<HTMLElement>)} />
    <RunTaskEvents runId={runId} live={live} />
    </>
  );
}
