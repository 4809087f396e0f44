import { useEffect, useMemo, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useNavigate, useParams } from 'react-router';
import { Result, Spin } from 'antd';
import { FLOW_KEY_PATTERN, type FlowDocument } from '@lienthong/schemas';
import { api } from '../api/client.js';
import { meQuery } from '../api/queries.js';
import { can } from '../console/access.js';
import { emptyDocument } from '../model/flow-adapter.js';
import { useT } from '../i18n/lang.js';
import { Editor } from '../editor.js';
import { draftOf, forgetUnchanged, isDirty, openDraft } from './drafts.js';
import { useErrorText } from '../i18n/error-text.js';
import { ImportDialog } from '../panels/dialogs.js';

const flowsQuery = { queryKey: ['flows', 'list'], queryFn: () => api.listFlows() };

/** The flow list: open, create, import. */
export function FlowsPage() {
  const { t, pick } = useT();
  const errorText = useErrorText();
  const navigate = useNavigate();
  const flows = useQuery(flowsQuery);
  const canPublish = can(useQuery(meQuery).data, 'flows.publish');
  const [creating, setCreating] = useState(false);
  const [importing, setImporting] = useState(false);
  const [key, setKey] = useState('');
  const [title, setTitle] = useState('');

  const openNew = (doc: FlowDocument, publishedVersion: number) => {
    openDraft(doc, publishedVersion);
    void navigate(`/flows/${doc.key}`);
  };
  const open = (k: string) => { forgetUnchanged(k); void navigate(`/flows/${k}`); };
  const keyOk = new RegExp(FLOW_KEY_PATTERN).test(key);
  const create = () => openNew(emptyDocument(key, { vi: title || key, en: title || key }), 0);
  const imported = (doc: FlowDocument) => openNew(doc, flows.data?.find((f) => f.key === doc.key)?.latestVersion ?? 0);

  return (
    <main className="lt-home" data-testid="home">
      <section>
        <h2>{t('flows.title')}</h2>
        {flows.error && <p className="lt-error">{errorText(flows.error)}</p>}
        {flows.isPending && <p>{t('app.loading')}</p>}
        {flows.data?.length === 0 && <p>{t('flows.empty')}</p>}
        <ul className="lt-flow-list">
          {flows.data?.map((f) => (
            <li key={f.key}>
              <button type="button" onClick={() => open(f.key)} data-testid={`flow-${f.key}`}>
                <strong>{pick(f.title)}</strong> <code>{f.key}</code> <small>{t('flows.version')} {f.latestVersion}</small>
              </button>
            </li>
          ))}
        </ul>
        {canPublish && (
          <div className="lt-home-actions">
            <button type="button" className="primary" onClick={() => setCreating(true)} data-testid="new-flow">{t('flows.new')}</button>
            <button type="button" onClick={() => setImporting(true)} data-testid="home-import">{t('flows.import')}</button>
          </div>
        )}
        {creating && (
          <form className="lt-new-flow" onSubmit={(e) => { e.preventDefault(); if (keyOk) create(); }}>
            <label className="lt-field"><span>{t('flows.newKey')}</span>
              <input value={key} onChange={(e) => setKey(e.target.value)} data-testid="new-flow-key" autoFocus /></label>
            {key && !keyOk && <small className="lt-error">{t('flows.badKey')}</small>}
            <label className="lt-field"><span>{t('flows.newTitle')}</span>
              <input value={title} onChange={(e) => setTitle(e.target.value)} data-testid="new-flow-title" /></label>
            <button type="submit" className="primary" disabled={!keyOk} data-testid="new-flow-create">{t('flows.create')}</button>
            <button type="button" onClick={() => setCreating(false)}>{t('flows.cancel')}</button>
          </form>
        )}
      </section>
      {importing && <ImportDialog onClose={() => setImporting(false)} onLoad={imported} />}
    </main>
  );
}

/** `/flows/:flowKey`: the designer on one flow (read-only for people who cannot publish). */
export function FlowPage() {
  const { flowKey = '' } = useParams();
  const { t } = useT();
  const errorText = useErrorText();
  const navigate = useNavigate();
  const readOnly = !can(useQuery(meQuery).data, 'flows.publish');
  const cached = draftOf(flowKey);
  const latest = useQuery({ queryKey: ['flows', 'get', flowKey, 'latest'], queryFn: () => api.getFlow(flowKey), enabled: !cached, staleTime: Infinity, gcTime: 0 });
  const store = useMemo(() => {
    if (cached) return cached;
    if (!latest.data) return null;
    return openDraft(latest.data.document, latest.data.version);
  }, [cached, latest.data]);
  // Closing or reloading the tab would drop unpublished changes: the browser asks first.
  useEffect(() => {
    if (!store) return undefined;
    const ask = (e: BeforeUnloadEvent) => { if (isDirty(store)) e.preventDefault(); };
    window.addEventListener('beforeunload', ask);
    return () => window.removeEventListener('beforeunload', ask);
  }, [store]);
  if (store) return <Editor key={flowKey} store={store} readOnly={readOnly} onBack={() => void navigate('/flows')} />;
  if (latest.error) return <Result status="404" title={t('flows.notFound')} subTitle={errorText(latest.error)} data-testid="flow-not-found" />;
  return <Spin className="lt-center" />;
}
