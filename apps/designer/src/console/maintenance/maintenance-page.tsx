import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Checkbox, InputNumber, Popconfirm, Space, Table, Tabs, Tag, Typography } from 'antd';
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { formatTime, useT } from '../../i18n/lang.js';
import { useErrorText } from '../../i18n/error-text.js';
import { meQuery } from '../../api/queries.js';
import { can } from '../access.js';
import { maintenanceApi, type NoticeRule, type WindowView } from './maintenance-api.js';
import { AnnounceDialog } from './announce-dialog.js';

function WindowsTab({ manage }: { manage: boolean }) {
  const { t, lang, pick } = useT();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const [withCancelled, setWithCancelled] = useState(false);
  const [announcing, setAnnouncing] = useState(false);
  const list = useQuery({ queryKey: ['maintenance', 'windows', withCancelled], queryFn: () => maintenanceApi.list(withCancelled) });
  const cancel = useMutation({ mutationFn: maintenanceApi.cancel, onSuccess: () => queryClient.invalidateQueries({ queryKey: ['maintenance'] }) });
  const now = Date.now();
  const state = (w: WindowView) => (w.cancelledAt ? 'cancelled' : Date.parse(w.endsAt) <= now ? 'ended' : Date.parse(w.startsAt) <= now ? 'active' : 'planned');
  const COLOR = { cancelled: 'default', ended: 'default', active: 'orange', planned: 'blue' } as const;
  const columns = [
    { title: t('maintenance.target'), key: 'target', render: (w: WindowView) => <span data-testid={`maintenance-target-${w.id}`}>{t(`maintenance.scope.${w.scope}`)}{w.target ? <> · <code>{w.target}</code></> : null}</span> },
    { title: t('maintenance.startsAt'), key: 'start', render: (w: WindowView) => formatTime(lang, w.startsAt) },
    { title: t('maintenance.endsAt'), key: 'end', render: (w: WindowView) => formatTime(lang, w.endsAt) },
    { title: t('maintenance.reason'), key: 'reason', render: (w: WindowView) => pick(w.reason) },
    { title: t('maintenance.notice'), key: 'notice', render: (w: WindowView) => t('maintenance.noticeHours', { n: w.noticeHours }) },
    { title: t('maintenance.state'), key: 'state', render: (w: WindowView) => <Tag color={COLOR[state(w)]} data-testid={`maintenance-state-${w.id}`}>{t(`maintenance.state.${state(w)}`)}</Tag> },
    { title: t('maintenance.deliveries'), key: 'deliveries', render: (w: WindowView) => t('maintenance.delivered', { ok: w.deliveries.filter((d) => d.ok).length, n: w.deliveries.length }) },
    ...(manage ? [{ title: '', key: 'cancel', render: (w: WindowView) => (state(w) === 'planned' || state(w) === 'active'
      ? <Popconfirm title={t('maintenance.cancelConfirm')} onConfirm={() => cancel.mutate(w.id)}><Button size="small" danger data-testid={`maintenance-cancel-${w.id}`}>{t('maintenance.cancel')}</Button></Popconfirm>
      : null) }] : []),
  ];
  return (
    <>
      <Space className="lt-gap">
        {manage && <Button type="primary" icon={<PlusOutlined />} onClick={() => setAnnouncing(true)} data-testid="maintenance-announce">{t('maintenance.announce')}</Button>}
        <Checkbox checked={withCancelled} onChange={(e) => setWithCancelled(e.target.checked)}>{t('maintenance.showCancelled')}</Checkbox>
        <Button icon={<ReloadOutlined />} onClick={() => void list.refetch()}>{t('runs.refresh')}</Button>
      </Space>
      {(list.error ?? cancel.error) && <Alert type="error" showIcon title={errorText(list.error ?? cancel.error)} className="lt-gap" />}
      <Table<WindowView> rowKey="id" size="middle" columns={columns} dataSource={list.data ?? []} loading={list.isFetching && !list.data} pagination={false}
        locale={{ emptyText: t('maintenance.none') }} data-testid="maintenance-windows" />
      <AnnounceDialog open={announcing} onClose={() => setAnnouncing(false)} />
    </>
  );
}

function RulesTab({ manage }: { manage: boolean }) {
  const { t } = useT();
  const errorText = useErrorText();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const rules = useQuery({ queryKey: ['maintenance', 'rules'], queryFn: maintenanceApi.rules });
  const [edits, setEdits] = useState<Record<string, number>>({});
  const save = useMutation({ mutationFn: maintenanceApi.setRule,
    onSuccess: async () => { void message.success(t('maintenance.ruleSaved')); await queryClient.invalidateQueries({ queryKey: ['maintenance', 'rules'] }); } });
  const keyOf = (r: NoticeRule) => `${r.scope}:${r.target}`;
  const columns = [
    { title: t('maintenance.target'), key: 'target', render: (r: NoticeRule) => <>{t(`maintenance.scope.${r.scope}`)}{r.target ? <> · <code>{r.target}</code></> : null}</> },
    { title: t('maintenance.minNotice'), key: 'min', render: (r: NoticeRule) => (manage
      ? <Space><InputNumber min={Math.ceil(r.regulatedMinutes / 60)} max={24 * 90} value={edits[keyOf(r)] ?? r.minNoticeMinutes / 60} onChange={(v) => setEdits({ ...edits, [keyOf(r)]: Number(v) })}
          aria-label={`${t('maintenance.minNotice')} ${r.target || t('maintenance.scope.platform')}`} data-testid={`maintenance-rule-${keyOf(r)}`} /> {t('maintenance.hours')}
        <Button size="small" disabled={edits[keyOf(r)] === undefined} onClick={() => save.mutate({ scope: r.scope, target: r.target, minNoticeMinutes: Math.round((edits[keyOf(r)] ?? 0) * 60) })}>{t('maintenance.save')}</Button></Space>
      : t('maintenance.noticeHours', { n: r.minNoticeMinutes / 60 })) },
    { title: t('maintenance.regulated'), key: 'reg', render: (r: NoticeRule) => (r.regulatedMinutes ? t('maintenance.noticeHours', { n: r.regulatedMinutes / 60 }) : '—') },
  ];
  return (
    <>
      {(rules.error ?? save.error) && <Alert type="error" showIcon title={errorText(rules.error ?? save.error)} className="lt-gap" />}
      <Table<NoticeRule> rowKey={keyOf} size="middle" columns={columns} dataSource={rules.data ?? []} loading={rules.isFetching && !rules.data} pagination={false} data-testid="maintenance-rules" />
    </>
  );
}

/** `/maintenance`: the platform's and the external systems' maintenance windows (R-18) and how far ahead each must be announced. */
export function MaintenancePage() {
  const { t } = useT();
  const manage = can(useQuery(meQuery).data, 'registry.write');
  return (
    <main className="lt-page" data-testid="maintenance-page">
      <Typography.Title level={3}>{t('maintenance.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('maintenance.help')}</Typography.Paragraph>
      <Tabs items={[
        { key: 'windows', label: t('maintenance.tab.windows'), children: <WindowsTab manage={manage} /> },
        { key: 'rules', label: t('maintenance.tab.rules'), children: <RulesTab manage={manage} /> },
      ]} />
    </main>
  );
}
