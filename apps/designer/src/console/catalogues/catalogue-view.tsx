import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { meQuery } from '../../api/queries.js';
import { agencyOf, can } from '../access.js';
import { formatTime, useT } from '../../i18n/lang.js';
import { useErrorText } from '../../i18n/error-text.js';
import { catalogueApi, catalogueKeys, cellText, type CatalogueKind } from './catalogues-api.js';
import { ImportButton } from './import-button.js';
import { problemsOf, type Problems } from './problems.js';

type Draft = Record<string, string>[];

/** One catalogue: a version's rows (the current one, or an older one read-only), its versions, edit and import. */
export function CatalogueView({ kind }: { kind: CatalogueKind }) {
  const { t, lang, pick } = useT();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const me = useQuery(meQuery).data;
  const mayEdit = can(me, 'registry.write') && !agencyOf(me);
  const [viewing, setViewing] = useState<number | undefined>(undefined);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [note, setNote] = useState('');
  const [problems, setProblems] = useState<Problems | null>(null);
  const shown = useQuery({ queryKey: catalogueKeys.version(kind, viewing), queryFn: () => catalogueApi.get(kind, viewing) });
  const versions = useQuery({ queryKey: catalogueKeys.versions(kind), queryFn: () => catalogueApi.versions(kind) });
  const v = shown.data;
  const latest = versions.data?.[0]?.version;
  const refresh = () => queryClient.invalidateQueries({ queryKey: catalogueKeys.kind(kind) }).then(() => queryClient.invalidateQueries({ queryKey: catalogueKeys.list }));

  const startEdit = () => { if (v) { setDraft(v.rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, c]) => [k, cellText(c)])))); setProblems(null); } };
  const save = async () => {
    if (!v || !draft) return;
    try {
      const rows = draft.map((r) => Object.fromEntries(Object.entries(r).filter(([, c]) => c.trim() !== '')));
      const saved = await catalogueApi.save(kind, v.version, rows, note || undefined);
      void message.success(t('catalogues.saved', { version: saved.version }));
      setDraft(null); setNote(''); setProblems(null); setViewing(undefined);
      await refresh();
    } catch (e) { setProblems(problemsOf(e, lang, errorText(e))); }
  };
  const setCell = (i: number, key: string, text: string) => setDraft((d) => d && d.map((r, j) => (j === i ? { ...r, [key]: text } : r)));

  const columns = (v?.columns ?? []).map((c) => ({
    key: c.key, title: <span title={c.key}>{pick(c.title)}{c.required ? ' *' : ''}</span>,
    render: (_: unknown, row: { i: number; cells: Record<string, string> }) => {
      const problem = problems?.cells.get(`${row.i}/${c.key}`);
      return draft
        ? <Input size="small" aria-label={`${pick(c.title)} ${row.i + 1}`} value={row.cells[c.key] ?? ''} status={problem ? 'error' : undefined} title={problem} onChange={(e) => setCell(row.i, c.key, e.target.value)}
          data-testid={`cell-${row.i}-${c.key}`} />
        : <span data-testid={`cell-${row.i}-${c.key}`}>{row.cells[c.key] ?? ''}</span>;
    },
  }));
  if (draft) columns.push({ key: 'remove', title: <span />, render: (_: unknown, row: { i: number }) => (
    <Button size="small" type="text" icon={<DeleteOutlined />} aria-label={t('catalogues.removeRow')} onClick={() => setDraft((d) => d && d.filter((_r, j) => j !== row.i))} />) });
  const data = (draft ?? (v?.rows ?? []).map((r) => Object.fromEntries(Object.entries(r).map(([k, c]) => [k, cellText(c)])))).map((cells, i) => ({ i, cells }));

  return (
    <section data-testid={`catalogue-${kind}`}>
      {shown.error && <Alert type="error" showIcon className="lt-gap" title={errorText(shown.error)} />}
      {v && (
        <Space wrap className="lt-gap">
          <Typography.Text>{t('catalogues.version')}</Typography.Text>
          <Select size="small" style={{ minWidth: 260 }} aria-label={t('catalogues.version')} value={v.version} disabled={draft !== null} data-testid="catalogue-version"
            onChange={(x: number) => setViewing(x === latest ? undefined : x)}
            options={(versions.data ?? []).map((x) => ({ value: x.version, label: `${x.id} · ${t(`catalogues.source.${x.source.startsWith('import') ? 'import' : x.source === 'seed' ? 'seed' : 'edit'}`)} · ${formatTime(lang, x.createdAt)}` }))} />
          {v.version === latest ? <Tag color="green" data-testid="catalogue-current">{t('catalogues.current')}</Tag> : <Tag color="orange" data-testid="catalogue-old">{t('catalogues.old')}</Tag>}
          <Typography.Text type="secondary">{v.note ?? ''} — {v.createdBy}</Typography.Text>
          {mayEdit && v.version === latest && !draft && (
            <>
              <Button icon={<EditOutlined />} onClick={startEdit} data-testid="catalogue-edit">{t('catalogues.edit')}</Button>
              <ImportButton kind={kind} baseVersion={v.version} onDone={() => { setViewing(undefined); void refresh(); }} onProblems={setProblems} />
            </>
          )}
        </Space>
      )}
      {draft && (
        <Space wrap className="lt-gap">
          <Button icon={<PlusOutlined />} onClick={() => setDraft((d) => d && [...d, {}])} data-testid="catalogue-add-row">{t('catalogues.addRow')}</Button>
          <Input style={{ width: 320 }} placeholder={t('catalogues.note')} aria-label={t('catalogues.note')} value={note} onChange={(e) => setNote(e.target.value)} data-testid="catalogue-note" />
          <Button type="primary" onClick={() => void save()} data-testid="catalogue-save">{t('catalogues.save')}</Button>
          <Button onClick={() => { setDraft(null); setProblems(null); }}>{t('catalogues.cancel')}</Button>
        </Space>
      )}
      {problems && (
        <Alert type="error" showIcon className="lt-gap" data-testid="catalogue-problems" title={t('catalogues.problems', { count: problems.messages.length })}
          description={<ul>{problems.messages.slice(0, 50).map((m, i) => <li key={i}>{m}</li>)}</ul>} />
      )}
      <Table rowKey="i" size="small" columns={columns} dataSource={data} loading={shown.isPending} pagination={{ pageSize: 50, hideOnSinglePage: true }}
        locale={{ emptyText: t('catalogues.empty') }} />
    </section>
  );
}
