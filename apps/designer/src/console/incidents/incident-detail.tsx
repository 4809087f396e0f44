import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Descriptions, Input, List, Modal, Space, Tag, Typography } from 'antd';
import { CheckOutlined, DownloadOutlined, LeftOutlined } from '@ant-design/icons';
import { formatTime, useT } from '../../i18n/lang.js';
import { useErrorText } from '../../i18n/error-text.js';
import { meQuery } from '../../api/queries.js';
import { can } from '../access.js';
import { base64Blob, saveFile } from '../stats/download.js';
import { incidentsApi, type IncidentDetail, type IncidentStep, type StepInput } from './incidents-api.js';
import { SEVERITY_COLOR, STATUS_COLOR } from './incidents-page.js';

const STEP_COLOR: Record<IncidentStep['state'], string> = { pending: 'default', done: 'success', skipped: 'warning' };

/** Completing (or skipping) one step: a note always, the backup's link for "backup", the recovery time for the announcement. */
function StepDialog({ incident, step, onClose }: { incident: IncidentDetail; step: IncidentStep['step'] | null; onClose: () => void }) {
  const { t } = useT();
  const errorText = useErrorText();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [note, setNote] = useState('');
  const [link, setLink] = useState('');
  const [eta, setEta] = useState('');
  const save = useMutation({
    mutationFn: (state: StepInput['state']) => incidentsApi.step(incident.id, step ?? 'isolate', {
      state, ...(note.trim() ? { note: note.trim() } : {}), ...(link.trim() ? { link: link.trim() } : {}),
      ...(step === 'announce_recovery' && eta ? { recoveryEta: new Date(eta).toISOString() } : {}) }),
    onSuccess: async (d) => {
      void message.success(t('incidents.step.saved'));
      setNote(''); setLink(''); setEta('');
      queryClient.setQueryData(['incident', d.id], d);
      await queryClient.invalidateQueries({ queryKey: ['incidents'] });
      onClose();
    },
  });
  return (
    <Modal open={step !== null} title={step ? t(`incidents.step.${step}`) : ''} onCancel={() => { save.reset(); onClose(); }} destroyOnHidden
      footer={[
        <Button key="skip" onClick={() => save.mutate('skipped')} disabled={save.isPending} data-testid="incident-step-skip">{t('incidents.step.skip')}</Button>,
        <Button key="done" type="primary" onClick={() => save.mutate('done')} loading={save.isPending} data-testid="incident-step-confirm">
          {step === 'announce_recovery' ? t('incidents.announce') : t('incidents.step.complete')}</Button>,
      ]}>
      {step === 'announce_recovery' && (<>
        <label htmlFor="incident-eta">{t('incidents.recoveryEta')}</label>
        <Input id="incident-eta" type="datetime-local" value={eta} onChange={(e) => setEta(e.target.value)} data-testid="incident-eta" className="lt-gap" />
      </>)}
      {step === 'backup' && (<>
        <label htmlFor="incident-link">{t('incidents.link')}</label>
        <Input id="incident-link" maxLength={2000} value={link} onChange={(e) => setLink(e.target.value)} data-testid="incident-link" className="lt-gap" />
      </>)}
      <label htmlFor="incident-note">{t('incidents.note')}</label>
      <Input.TextArea id="incident-note" rows={3} maxLength={5000} value={note} onChange={(e) => setNote(e.target.value)} data-testid="incident-note" />
      {save.error && <Alert type="error" showIcon title={errorText(save.error)} className="lt-gap-top" data-testid="incident-step-error" />}
    </Modal>
  );
}

/** `/incidents/:incidentId`: what happened, the regulation's checklist with who did each step and when, and the announcements. */
export function IncidentDetailPage() {
  const { incidentId = '' } = useParams();
  const { t, lang } = useT();
  const errorText = useErrorText();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const me = useQuery(meQuery).data;
  const [stepOpen, setStepOpen] = useState<IncidentStep['step'] | null>(null);
  const q = useQuery({ queryKey: ['incident', incidentId], queryFn: () => incidentsApi.get(incidentId) });
  const resolve = useMutation({ mutationFn: () => incidentsApi.resolve(incidentId),
    onSuccess: async (d) => { void message.success(t('incidents.resolved')); queryClient.setQueryData(['incident', d.id], d); await queryClient.invalidateQueries({ queryKey: ['incidents'] }); } });
  const report = useMutation({ mutationFn: () => incidentsApi.report(incidentId), onSuccess: (f) => saveFile(f.filename, base64Blob(f.contentBase64, f.mediaType)) });
  const i = q.data;
  const manage = can(me, 'incidents.manage') && i?.status !== 'resolved';
  return (
    <main className="lt-page" data-testid="incident-detail">
      <Link to="/incidents"><LeftOutlined /> {t('incidents.back')}</Link>
      {q.error && <Alert type="error" showIcon title={errorText(q.error)} className="lt-gap" />}
      {i && (<>
        <Typography.Title level={3} data-testid="incident-title-heading">{i.title}</Typography.Title>
        <Space className="lt-gap">
          <Tag color={SEVERITY_COLOR[i.severity]}>{t(`incidents.severity.${i.severity}`)}</Tag>
          <Tag color={STATUS_COLOR[i.status]} data-testid="incident-status">{t(`incidents.status.${i.status}`)}</Tag>
          {i.reportRequired && <Tag color="purple">{t('incidents.reportRequired')}</Tag>}
        </Space>
        {i.recoveryEta && i.status !== 'resolved' && <Alert type="warning" showIcon className="lt-gap" data-testid="incident-eta-banner"
          title={t('incidents.banner', { title: i.title, eta: formatTime(lang, i.recoveryEta) })} />}
        <Descriptions size="small" column={2} bordered className="lt-gap">
          <Descriptions.Item label={t('incidents.openedAt')}>{formatTime(lang, i.openedAt)}</Descriptions.Item>
          <Descriptions.Item label={t('incidents.openedBy')}>{i.openedBy}</Descriptions.Item>
          <Descriptions.Item label={t('incidents.alert')}>{i.alertId === null ? '—' : `#${i.alertId}`}</Descriptions.Item>
          <Descriptions.Item label={t('incidents.agencies')}>{i.agencies.join(', ') || '—'}</Descriptions.Item>
          <Descriptions.Item label={t('incidents.systems')}>{i.affectedSystems.join(', ') || '—'}</Descriptions.Item>
          <Descriptions.Item label={t('incidents.flows')}>{i.affectedFlows.join(', ') || '—'}</Descriptions.Item>
          <Descriptions.Item label={t('incidents.resolvedAt')}>{i.resolvedAt ? `${formatTime(lang, i.resolvedAt)} · ${t('incidents.minutes', { n: i.recoveryMinutes ?? 0 })}` : '—'}</Descriptions.Item>
          <Descriptions.Item label={t('incidents.description')}><span style={{ whiteSpace: 'pre-wrap' }}>{i.description || '—'}</span></Descriptions.Item>
        </Descriptions>
        <Card title={t('incidents.steps')} size="small" className="lt-gap">
          <List dataSource={i.steps} data-testid="incident-steps" renderItem={(s) => (
            <List.Item data-testid={`incident-step-${s.step}`} data-state={s.state}
              actions={manage && s.state === 'pending' ? [<Button key="do" size="small" icon={<CheckOutlined />} onClick={() => setStepOpen(s.step)}
                data-testid={`incident-step-do-${s.step}`}>{s.step === 'announce_recovery' ? t('incidents.announce') : t('incidents.step.complete')}</Button>] : []}>
              <List.Item.Meta title={<Space>{`${s.position + 1}. ${t(`incidents.step.${s.step}`)}`}<Tag color={STEP_COLOR[s.state]}>{t(`incidents.step.${s.state}`)}</Tag></Space>}
                description={s.doneAt ? (<span data-testid={`incident-step-by-${s.step}`}>{t('incidents.step.by', { who: s.doneBy ?? '', at: formatTime(lang, s.doneAt) })}
                  {s.note ? <><br /><q>{s.note}</q></> : null}{s.link ? <><br /><code>{s.link}</code></> : null}</span>) : null} />
            </List.Item>
          )} />
        </Card>
        {i.announcements.length > 0 && (
          <Card title={t('incidents.announcements')} size="small" className="lt-gap" data-testid="incident-announcements">
            {i.announcements.map((a, n) => (
              <div key={n} data-testid={`incident-announcement-${a.channel}-${a.target}`}>{formatTime(lang, a.at)} · {a.channel} · {a.target} · {a.ok ? t('incidents.announcement.ok') : `${t('incidents.announcement.failed')}${a.error ? `: ${a.error}` : ''}`}</div>
            ))}
          </Card>
        )}
        <Space className="lt-gap">
          {manage && <Button onClick={() => resolve.mutate()} loading={resolve.isPending} data-testid="incident-resolve">{t('incidents.resolve')}</Button>}
          <Button icon={<DownloadOutlined />} onClick={() => report.mutate()} loading={report.isPending} data-testid="incident-report">{t('incidents.report')}</Button>
        </Space>
        {(resolve.error ?? report.error) && <Alert type="error" showIcon title={errorText(resolve.error ?? report.error)} className="lt-gap" />}
        <StepDialog incident={i} step={stepOpen} onClose={() => setStepOpen(null)} />
      </>)}
    </main>
  );
}
