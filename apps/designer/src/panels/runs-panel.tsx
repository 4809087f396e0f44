import { useEffect, useState } from 'react';
import { api, type RunSummary } from '../api/client.js';
import { follow, loadRun, parseJson, recentRuns, sendSignal, testRun } from '../store/controller.js';
import { useDesigner, useDesignerStore, type RunState } from '../store/designer-store.js';
import { useT } from '../i18n/lang.js';
import { useReadOnly } from '../store/read-only.js';
import { label } from '../i18n/messages.js';

const duration = (r: { startedAt?: string; finishedAt?: string }): string => {
  if (!r.startedAt || !r.finishedAt) return '—';
  const ms = new Date(r.finishedAt).getTime() - new Date(r.startedAt).getTime();
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
};

/** Test runs of the draft: input, live status on the canvas, the run's answer, signals to waiting nodes, and the session's runs. */
export function RunsPanel({ onOpenRun }: { onOpenRun: (r: RunState) => void }) {
  const { t, lang } = useT();
  const store = useDesignerStore();
  const readOnly = useReadOnly();
  const sampleInput = useDesigner((s) => s.sampleInput);
  const setSampleInput = useDesigner((s) => s.setSampleInput);
  const run = useDesigner((s) => s.run);
  const runs = useDesigner((s) => s.runs);
  const blocked = useDesigner((s) => s.problems.some((p) => p.severity === 'error'));
  const nodes = useDesigner((s) => s.nodes);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [runId, setRunId] = useState('');
  const [payload, setPayload] = useState('{}');
  const parsed = parseJson(sampleInput);
  const flowKey = useDesigner((s) => s.meta.key);
  const [recent, setRecent] = useState<RunSummary[] | null>(null);
  // The flow's runs from the server, refreshed while this tab is open.
  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const load = async () => {
      const r = await recentRuns(flowKey);
      if (!live) return;
      if (r.ok) setRecent(r.value);
      timer = setTimeout(() => void load(), 3000);
    };
    void load();
    return () => { live = false; clearTimeout(timer); };
  }, [flowKey]);
  const openRecent = async (id: string) => {
    const r = await loadRun(id);
    if (r.ok) onOpenRun(r.value); else setError(r.error.message);
  };

  const start = async () => {
    if (!parsed.ok) return;
    setBusy(true); setError(null); setNotice(null);
    const r = await testRun(store, parsed.value);
    setBusy(false);
    if (!r.ok) setError(r.error.message);
  };
  const openById = async () => {
    setError(null);
    try {
      const v = await api.getRun(runId.trim());
      store.getState().setRun({ runId: v.runId, flowKey: v.flowKey, version: v.version, status: v.status, nodes: v.nodes, startedAt: v.startedAt });
      void follow(store, v.runId);
    } catch (err) { setError((err as Error).message); }
  };
  const waiting = run ? Object.entries(run.nodes).filter(([, n]) => n.status === 'waiting').map(([id]) => id) : [];
  const signalOf = (id: string) => { const b = nodes.find((n) => n.id === id)?.data.body; return b?.kind === 'wait' ? b.signal : id; };
  const signal = async (id: string) => {
    if (!run) return;
    const p = parseJson(payload);
    const r = await sendSignal(run.runId, signalOf(id), p.ok ? p.value : {});
    if (!r.ok) setError(r.error.message); else { setNotice(t('run.signalSent', { name: signalOf(id) })); void follow(store, run.runId); }
  };

  return (
    <div className="lt-runs" data-testid="runs-panel">
      <div className="lt-run-form">
        <label className="lt-field">
          <span>{t('run.input')}</span>
          <textarea rows={5} value={sampleInput} spellCheck={false} data-testid="run-input" onChange={(e) => setSampleInput(e.target.value)} />
          {!parsed.ok && <small className="lt-error">{t('flow.badJson')}</small>}
        </label>
        {!readOnly && <button type="button" className="primary" data-testid="run-start" disabled={busy || blocked || !parsed.ok} onClick={() => void start()}>{t('run.start')}</button>}
      </div>
      <div className="lt-run-detail">
        {error && <p className="lt-error" data-testid="run-error">{error}</p>}
        {notice && <p className="lt-ok">{notice}</p>}
        {run && (
          <section data-testid="run-current" data-run-id={run.runId} data-status={run.status}>
            <p>{t('run.id')}: <code>{run.runId}</code> · {t('run.version')} {run.flowKey}@v{run.version}</p>
            <p>{t('run.status')}: <strong data-testid="run-status">{label(lang, `status.${run.status}`, run.status)}</strong> · {t('run.duration')}: {duration(run)}</p>
            {run.flowKey.endsWith('--thu') && <p className="lt-hint">{t('run.sandbox', { key: run.flowKey })}</p>}
            {run.output !== undefined && <><h4>{t('run.output')}</h4><pre className="lt-json" data-testid="run-output">{JSON.stringify(run.output, null, 2)}</pre></>}
            {run.error && <p className="lt-error" data-testid="run-failure">{run.error.message[lang]}</p>}
            {waiting.length > 0 && (
              <div className="lt-signal">
                <label className="lt-field"><span>{t('run.signalPayload')}</span>
                  <textarea rows={3} value={payload} onChange={(e) => setPayload(e.target.value)} data-testid="signal-payload" /></label>
                {waiting.map((id) => <button key={id} type="button" data-testid={`signal-${id}`} onClick={() => void signal(id)}>{t('run.signal')}: {signalOf(id)} ({id})</button>)}
              </div>
            )}
          </section>
        )}
      </div>
      <div className="lt-run-list">
        <label className="lt-inline">{t('run.openById')} <input value={runId} onChange={(e) => setRunId(e.target.value)} data-testid="run-open-id" />
          <button type="button" disabled={!runId.trim()} onClick={() => void openById()}>{t('run.open')}</button></label>
        {runs.length > 0 && (
          <table>
            <thead><tr><th>{t('run.id')}</th><th>{t('run.status')}</th><th>{t('run.version')}</th><th>{t('run.duration')}</th><th /></tr></thead>
            <tbody>
              {runs.map((r) => (
                <tr key={r.runId}>
                  <td><code>{r.runId.slice(0, 16)}…</code></td>
                  <td>{label(lang, `status.${r.status}`, r.status)}</td>
                  <td>{r.flowKey}@v{r.version}</td>
                  <td>{duration(r)}</td>
                  <td><button type="button" onClick={() => onOpenRun(r)}>{t('run.open')}</button></td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <h4>{t('run.recent')}</h4>
        {recent === null ? <p className="lt-hint">{t('app.loading')}</p> : recent.length === 0 ? <p className="lt-hint">{t('run.none')}</p> : (
          <table data-testid="recent-runs">
            <thead><tr><th>{t('run.id')}</th><th>{t('run.status')}</th><th>{t('run.version')}</th><th>{t('run.started')}</th><th>{t('run.duration')}</th><th /></tr></thead>
            <tbody>
              {recent.map((r) => (
                <tr key={r.runId} data-testid={`recent-${r.runId}`} data-status={r.status}>
                  <td><code title={r.runId}>{r.runId.slice(0, 16)}…</code>{r.businessKeys.length > 0 && <small> {r.businessKeys.join(', ')}</small>}</td>
                  <td>{label(lang, `status.${r.status}`, r.status)}</td>
                  <td>{r.flowKey}@v{r.version}</td>
                  <td>{new Date(r.startedAt).toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB')}</td>
                  <td>{duration(r)}</td>
                  <td><button type="button" data-testid={`open-${r.runId}`} onClick={() => void openRecent(r.runId)}>{t('run.open')}</button></td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </div>
  );
}
