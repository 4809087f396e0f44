import { useState } from 'react';
import { useNavigate } from 'react-router';
import { ReactFlowProvider, useReactFlow } from '@xyflow/react';
import type { FlowDocument } from '@lienthong/schemas';
import { manifests as allManifests } from '@lienthong/connectors/manifests';
import { sampleOf } from './model/sample-value.js';
import { exportJson, publish } from './store/controller.js';
import { createDesignerStore, DesignerContext, useDesigner, useDesignerStore, type DesignerStore } from './store/designer-store.js';
import { Canvas } from './canvas.js';
import { ReadOnlyContext, useReadOnly } from './store/read-only.js';
import { Palette } from './panels/palette.js';
import { NodePanel } from './panels/node-panel.js';
import { FlowPanel } from './panels/flow-panel.js';
import { ProblemsPanel } from './panels/problems-panel.js';
import { VersionsPanel, type DiffOverlay } from './panels/versions-panel.js';
import { RunsPanel } from './panels/runs-panel.js';
import { ReadOnlyGraph } from './panels/read-only-graph.js';
import { Dialog, ImportDialog, PublishDialog } from './panels/dialogs.js';
import { useT } from './i18n/lang.js';
import { useErrorText } from './i18n/error-text.js';
import type { MessageKey, Params } from './i18n/messages.js';


function Toolbar(props: { onBack: () => void; onPublish: () => void; onImport: () => void; onRunTab: () => void }) {
  const { t, pick } = useT();
  const s = useDesignerStore();
  const meta = useDesigner((x) => x.meta);
  const published = useDesigner((x) => x.publishedVersion);
  const errors = useDesigner((x) => x.problems.filter((p) => p.severity === 'error').length);
  const warnings = useDesigner((x) => x.problems.length) - errors;
  const canUndo = useDesigner((x) => x.past.length > 0);
  const canRedo = useDesigner((x) => x.future.length > 0);
  const rf = useReactFlow();
  const readOnly = useReadOnly();
  const download = () => {
    const url = URL.createObjectURL(new Blob([exportJson(s)], { type: 'application/json' }));
    const a = document.createElement('a');
    a.href = url; a.download = `${meta.key}.json`; a.click();
    URL.revokeObjectURL(url);
  };
  return (
    <div className="lt-toolbar" role="toolbar">
      <button type="button" onClick={props.onBack} data-testid="back">← {t('flows.title')}</button>
      <strong className="lt-flow-name" data-testid="flow-name" title={pick(meta.title)}>
        <span className="lt-flow-title">{pick(meta.title)}</span> <code>{meta.key}</code> <span className="lt-flow-version">{published > 0 ? `v${published}` : t('flows.draft')}</span>
      </strong>
      <span className="lt-sep" />
      <button type="button" onClick={() => s.getState().undo()} disabled={!canUndo} title={t('toolbar.undo')} data-testid="undo">↶</button>
      <button type="button" onClick={() => s.getState().redo()} disabled={!canRedo} title={t('toolbar.redo')} data-testid="redo">↷</button>
      <button type="button" onClick={() => s.getState().copy()} title={t('toolbar.copyHint')} data-testid="copy">{t('toolbar.copy')}</button>
      <button type="button" onClick={() => s.getState().paste()} title={t('toolbar.pasteHint')} data-testid="paste">{t('toolbar.paste')}</button>
      <button type="button" onClick={() => s.getState().deleteSelection()} title={t('toolbar.deleteHint')} data-testid="delete">{t('toolbar.delete')}</button>
      <button type="button" onClick={() => { s.getState().layout(); window.requestAnimationFrame(() => void rf.fitView({ duration: 200, maxZoom: 1 })); }} data-testid="layout">{t('toolbar.layout')}</button>
      <button type="button" onClick={() => void rf.fitView({ duration: 200, maxZoom: 1 })} data-testid="fit">{t('toolbar.fit')}</button>
      <button type="button" onClick={() => s.getState().setPanel('flow')} data-testid="flow-settings">{t('toolbar.flowSettings')}</button>
      <button type="button" onClick={download} data-testid="export">{t('toolbar.export')}</button>
      <button type="button" onClick={props.onImport} data-testid="import">{t('toolbar.import')}</button>
      <span className="lt-sep" />
      <span className={errors > 0 ? 'lt-status error' : 'lt-status ok'} data-testid="validation-status" data-errors={errors}>
        {errors > 0 ? t('toolbar.errors', { n: errors }) : t('toolbar.valid')}{warnings > 0 ? ` · ${t('toolbar.warnings', { n: warnings })}` : ''}
      </span>
      {readOnly ? <span className="lt-status" data-testid="read-only">{t('flows.readOnly')}</span> : <>
        <button type="button" onClick={props.onRunTab} data-testid="test-run">{t('toolbar.testRun')}</button>
        <button type="button" className="primary" onClick={props.onPublish} disabled={errors > 0} title={errors > 0 ? t('toolbar.publishDisabled') : ''} data-testid="publish">{t('toolbar.publish')}</button>
      </>}
    </div>
  );
}

type Tab = 'problems' | 'versions' | 'runs';

function EditorBody({ onBack }: { onBack: () => void }) {
  const { t, lang } = useT();
  const store = useDesignerStore();
  const errorText = useErrorText();
  const navigate = useNavigate();
  const readOnly = useReadOnly();
  const panel = useDesigner((s) => s.panel);
  const setPanel = useDesigner((s) => s.setPanel);
  const problemCount = useDesigner((s) => s.problems.length);
  const [tab, setTab] = useState<Tab>('problems');
  const [publishing, setPublishing] = useState<{ busy: boolean; error: string | null } | null>(null);
  // Kept as a message key, so it follows a language switch; server errors arrive with both languages.
  const [notice, setNotice] = useState<{ key: MessageKey; params: Params } | { text: { vi: string; en: string } } | null>(null);
  const [importing, setImporting] = useState(false);
  const [diff, setDiff] = useState<DiffOverlay | null>(null);

  const doPublish = async (note: string) => {
    setPublishing({ busy: true, error: null });
    const r = await publish(store, note);
    if (!r.ok) { setPublishing({ busy: false, error: errorText(r.error) }); return; }
    setPublishing(null);
    setNotice({ key: r.value.unchanged ? 'publish.unchanged' : 'publish.done', params: { version: r.value.version } });
  };
  const versionName = (v: number | 'draft') => (v === 'draft' ? t('flows.draft') : `v${v}`);

  return (
    <div className="lt-editor" data-testid="editor">
      <Toolbar onBack={onBack} onPublish={() => setPublishing({ busy: false, error: null })} onImport={() => setImporting(true)} onRunTab={() => setTab('runs')} />
      {notice && <div className="lt-notice" role="status" data-testid="notice" onClick={() => setNotice(null)}>{'key' in notice ? t(notice.key, notice.params) : notice.text[lang]}</div>}
      <div className="lt-work">
        {!readOnly && <Palette />}
        <Canvas readOnly={readOnly} testId="canvas" />
        <aside className="lt-side">
          <div className="lt-tabs">
            <button type="button" className={panel === 'node' ? 'active' : ''} onClick={() => setPanel('node')} data-testid="side-node">{t('panel.node')}</button>
            <button type="button" className={panel === 'flow' ? 'active' : ''} onClick={() => setPanel('flow')} data-testid="side-flow">{t('flow.settings')}</button>
          </div>
          {panel === 'node' ? <NodePanel /> : <FlowPanel />}
        </aside>
      </div>
      <section className="lt-bottom">
        <div className="lt-tabs">
          <button type="button" className={tab === 'problems' ? 'active' : ''} onClick={() => setTab('problems')} data-testid="tab-problems">{t('tabs.problems')} ({problemCount})</button>
          <button type="button" className={tab === 'versions' ? 'active' : ''} onClick={() => setTab('versions')} data-testid="tab-versions">{t('tabs.versions')}</button>
          <button type="button" className={tab === 'runs' ? 'active' : ''} onClick={() => setTab('runs')} data-testid="tab-runs">{t('tabs.runs')}</button>
        </div>
        <div className="lt-tab-body">
          {tab === 'problems' && <ProblemsPanel />}
          {tab === 'versions' && <VersionsPanel onDiff={setDiff} />}
          {tab === 'runs' && <RunsPanel onOpenRun={(r) => void navigate(`/runs/${encodeURIComponent(r.runId)}`)} />}
        </div>
      </section>
      {publishing && <PublishDialog busy={publishing.busy} error={publishing.error} onClose={() => setPublishing(null)} onPublish={(n) => void doPublish(n)} />}
      {importing && <ImportDialog onClose={() => setImporting(false)} onLoad={(d) => { store.getState().replaceDocument(d); setImporting(false); }} />}
      {diff && (
        <Dialog wide testId="diff-view" onClose={() => setDiff(null)}
          title={t('versions.diffTitle', { from: versionName(diff.diff.from), to: versionName(diff.diff.to) })}>
          <DiffSummary overlay={diff} />
          <div className="lt-overlay-canvas"><ReadOnlyGraph doc={diff.union} diff={diff.diff} /></div>
        </Dialog>
      )}
    </div>
  );
}

function DiffSummary({ overlay }: { overlay: DiffOverlay }) {
  const { t } = useT();
  const r = overlay.diff.result;
  const by = (c: 'added' | 'removed' | 'changed') => Object.entries(r.nodes).filter(([, x]) => x === c).map(([id]) => id);
  if (r.equal) return <p data-testid="diff-summary">{t('versions.same')}</p>;
  return (
    <ul className="lt-diff-summary" data-testid="diff-summary">
      {(['added', 'removed', 'changed'] as const).map((c) => by(c).length > 0 && (
        <li key={c} className={`diff-${c}`} data-testid={`diff-${c}`}>{t(`diff.${c}`)}: {by(c).join(', ')}</li>
      ))}
      {r.meta.length > 0 && <li>{t('versions.metaChanged', { fields: r.meta.join(', ') })}</li>}
    </ul>
  );
}

/** One open flow: its store (kept by the route, so a visit to a run's page and back keeps the draft), provided to everything inside. */
export function Editor(props: { store: DesignerStore; onBack: () => void; readOnly?: boolean }) {
  return (
    <ReadOnlyContext.Provider value={props.readOnly ?? false}>
      <DesignerContext.Provider value={props.store}>
        <ReactFlowProvider>
          <EditorBody onBack={props.onBack} />
        </ReactFlowProvider>
      </DesignerContext.Provider>
    </ReadOnlyContext.Provider>
  );
}

/** A store for a document: the test-run input starts as a sample of the flow's input schema. */
export function createStoreFor(doc: FlowDocument, publishedVersion: number, sampleInput?: string): DesignerStore {
  const sample = sampleInput ?? (doc.inputSchema ? JSON.stringify(sampleOf(doc.inputSchema), null, 2) : '{}');
  return createDesignerStore(doc, allManifests, { publishedVersion, sampleInput: sample });
}
