import { useEffect, useMemo, useState, type ReactNode } from 'react';
import type { ExpressionContext } from '@lienthong/flow';
import type { NodeBody } from '../model/kinds.js';
import { schemaFields } from '../model/schema-fields.js';
import { expressionSuggestions, previewContext } from '../model/preview.js';
import { parseJson } from '../store/controller.js';
import { useDesigner, useDesignerPick } from '../store/designer-store.js';
import { useT } from '../i18n/lang.js';
import { ExpressionField } from './expression-field.js';
import { TaskFields } from './task-fields.js';
import { CredentialField } from '../console/connections/credential-field.js';
import { TextField } from './text-field.js';

/** Drops unset keys and empty objects, so a cleared optional field disappears from the document. */
function compact<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && !(typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 0))) as T;
}

/** Renaming commits on blur or Enter, so half-typed ids never rename anything. */
function NodeIdField({ id }: { id: string }) {
  const { t } = useT();
  const rename = useDesigner((s) => s.renameNode);
  const [draft, setDraft] = useState(id);
  const [bad, setBad] = useState(false);
  useEffect(() => { setDraft(id); setBad(false); }, [id]);
  const apply = () => setBad(!rename(id, draft));
  return (
    <label className="lt-field">
      <span>{t('panel.id')}</span>
      <input value={draft} data-testid="field-node-id" className={bad ? 'invalid' : ''} onChange={(e) => setDraft(e.target.value)} onBlur={apply}
        onKeyDown={(e) => { if (e.key === 'Enter') apply(); }} />
      {bad && <small className="lt-error">{t('panel.idInvalid')}</small>}
    </label>
  );
}

export function NodePanel() {
  const { t, pick, lang } = useT();
  const selected = useDesigner((s) => { const sel = s.nodes.filter((n) => n.selected); return sel.length === 1 ? sel[0] : undefined; });
  // The problems list is recomputed on every content edit (never on moves), so it marks content revisions.
  const { updateNode: update, updateTitle, manifests, problems: revision, sampleInput: sampleText, document: documentOf } =
    useDesignerPick('updateNode', 'updateTitle', 'manifests', 'problems', 'sampleInput', 'document');
  const problems = useDesigner((s) => (selected ? s.nodeProblems[selected.id] : undefined));
  const run = useDesigner((s) => (selected ? s.run?.nodes[selected.id] : undefined));

  const doc = useMemo(() => documentOf(), [documentOf, revision]);
  const sample = useMemo(() => { const p = parseJson(sampleText); return p.ok ? p.value : {}; }, [sampleText]);
  const [ctx, setCtx] = useState<ExpressionContext | null>(null);
  useEffect(() => {
    let live = true;
    void previewContext(doc, manifests, sample).then((c) => { if (live) setCtx(c); });
    return () => { live = false; };
  }, [doc, manifests, sample]);

  if (!selected) return <div className="lt-panel-empty" data-testid="node-panel-empty">{t('panel.noSelection')}</div>;
  const id = selected.id;
  const body = selected.data.body;
  const suggestions = expressionSuggestions(doc, manifests, id, sample); // cheap: a walk over the edges
  const set = (patch: Partial<NodeBody>, field: string) => update(id, compact({ ...body, ...patch } as NodeBody), field);
  const expr = (labelText: string, value: string, onChange: (v: string) => void, testId: string, extra: { required?: boolean; multiline?: boolean } = {}): ReactNode => (
    <ExpressionField key={testId} label={labelText} value={value} onChange={onChange} suggestions={suggestions} ctx={ctx} testId={testId} {...extra} />
  );

  let form: ReactNode = null;
  switch (body.kind) {
    case 'trigger': {
      const tr = body.trigger;
      form = (
        <>
          <label className="lt-field">
            <span>{t('panel.triggerType')}</span>
            <select value={tr.type} data-testid="field-trigger-type" onChange={(e) => {
              const type = e.target.value;
              set({ trigger: type === 'schedule' ? { type, cron: '0 0 7 * * *', timezone: 'Asia/Ho_Chi_Minh' } : type === 'event' ? { type, event: 'dossier.received' }
                : type === 'poll' ? { type, source: 'dvcqg.dossiers', credentialId: 'ngsp-adapter', every: '30s' } : type === 'webhook' ? { type } : { type: 'api' } }, 'trigger');
            }}>
              {(['api', 'schedule', 'event', 'poll', 'webhook'] as const).map((v) => <option key={v} value={v}>{t(`panel.trigger.${v}`)}</option>)}
            </select>
          </label>
          {tr.type === 'api' && (
            <label className="lt-check">
              <input type="checkbox" checked={tr.sync === true} data-testid="field-trigger-sync"
                onChange={(e) => set({ trigger: e.target.checked ? { type: 'api', sync: true } : { type: 'api' } }, 'sync')} />
              {t('panel.sync')}
            </label>
          )}
          {tr.type === 'schedule' && <TextField label={t('panel.cron')} value={tr.cron} testId="trigger-cron" onChange={(v) => set({ trigger: { ...tr, cron: v } }, 'cron')} />}
          {tr.type === 'event' && <TextField label={t('panel.event')} value={tr.event} testId="trigger-event" onChange={(v) => set({ trigger: { ...tr, event: v } }, 'event')} />}
          {tr.type === 'poll' && (
            <>
              <label className="lt-field">
                <span>{t('panel.pollSource')}</span>
                <select value={tr.source} data-testid="field-trigger-source" onChange={(e) => set({ trigger: { ...tr, source: e.target.value === 'ioc.feedback' ? 'ioc.feedback' : 'dvcqg.dossiers' } }, 'source')}>
                  {(['dvcqg.dossiers', 'ioc.feedback'] as const).map((v) => <option key={v} value={v}>{t(`panel.pollSource.${v}`)}</option>)}
                </select>
              </label>
              <TextField label={t('panel.pollCredential')} value={tr.credentialId} testId="trigger-credential" onChange={(v) => set({ trigger: { ...tr, credentialId: v } }, 'credentialId')} />
              <TextField label={t('panel.pollEvery')} value={tr.every ?? ''} placeholder="30s" testId="trigger-every" onChange={(v) => { const { every: _every, ...rest } = tr; set({ trigger: v ? { ...rest, every: v } : rest }, 'every'); }} />
            </>
          )}
          {tr.type === 'webhook' && <small className="lt-hint" data-testid="trigger-webhook-hint">{t('panel.webhookHint')}</small>}
          {(tr.type === 'poll' || tr.type === 'webhook') && expr(t('panel.triggerInput'), tr.input ?? '', (v) => { const { input: _input, ...rest } = tr; set({ trigger: v ? { ...rest, input: v } : rest }, 'input'); }, 'trigger-input')}
        </>
      );
      break;
    }
    case 'call': {
      const m = manifests.find((x) => x.id === body.connector.id && x.version === body.connector.version);
      const fields = schemaFields(m?.input);
      const extra = Object.keys(body.input).filter((k) => !fields.some((f) => f.name === k));
      const setInput = (name: string, v: string) => {
        const input = { ...body.input };
        if (v) input[name] = v; else delete input[name];
        update(id, { ...body, input }, `input/${name}`);
      };
      form = (
        <>
          <p className="lt-connector" data-testid="panel-connector"><strong>{t('panel.connector')}:</strong> {pick(m?.title, body.connector.id)} <code>{body.connector.id}@{body.connector.version}</code></p>
          {m?.description && <p className="lt-hint">{pick(m.description)}</p>}
          <fieldset>
            <legend>{t('panel.inputs')}</legend>
            {fields.map((f) => expr(`${f.title} · ${f.name}`, body.input[f.name] ?? '', (v) => setInput(f.name, v), `input-${f.name}`, { required: f.required }))}
            {extra.map((k) => expr(k, body.input[k] ?? '', (v) => setInput(k, v), `input-${k}`))}
          </fieldset>
          {(m?.credential || body.credentialId) && (
            <CredentialField family={m?.credential} value={body.credentialId ?? ''} onChange={(v) => set({ credentialId: v || undefined }, 'credentialId')} />
          )}
          <TextField label={t('panel.timeout')} value={body.timeout ?? ''} testId="timeout" placeholder={t('panel.timeoutHint', { value: m?.timeout ?? '' })} onChange={(v) => set({ timeout: v || undefined }, 'timeout')} />
          <TextField label={t('panel.retryAttempts')} type="number" value={body.retry?.maximumAttempts?.toString() ?? ''} testId="retry-attempts"
            placeholder={t('panel.timeoutHint', { value: m?.retry.maximumAttempts ?? '' })}
            onChange={(v) => set({ retry: compact({ ...body.retry, maximumAttempts: v ? Math.max(1, Math.trunc(Number(v))) : undefined }) }, 'retry.attempts')} />
          <TextField label={t('panel.retryInterval')} value={body.retry?.initialInterval ?? ''} testId="retry-interval" placeholder={t('panel.timeoutHint', { value: m?.retry.initialInterval ?? '' })}
            onChange={(v) => set({ retry: compact({ ...body.retry, initialInterval: v || undefined }) }, 'retry.interval')} />
        </>
      );
      break;
    }
    case 'transform':
      form = expr(t('panel.expression'), body.expression, (v) => set({ expression: v }, 'expression'), 'expression', { multiline: true });
      break;
    case 'respond':
      form = (
        <>
          {expr(t('panel.output'), body.output, (v) => set({ output: v }, 'output'), 'output')}
          <label className="lt-check">
            <input type="checkbox" checked={body.pending === true} data-testid="field-respond-pending" onChange={(e) => set({ pending: e.target.checked || undefined }, 'pending')} />
            {t('panel.respondPending')}
          </label>
        </>
      );
      break;
    case 'end':
      form = expr(t('panel.output'), body.output ?? '', (v) => set({ output: v || undefined }, 'output'), 'output');
      break;
    case 'switch':
      form = (
        <fieldset>
          <legend>{t('panel.cases')}</legend>
          {body.cases.map((c, i) => (
            <div key={i} className="lt-case">
              <TextField label={t('panel.caseHandle')} value={c.handle} testId={`case-${i}-handle`} onChange={(v) => set({ cases: body.cases.map((x, j) => (j === i ? { ...x, handle: v } : x)) }, `case/${i}/handle`)} />
              {expr(t('panel.caseWhen'), c.when, (v) => set({ cases: body.cases.map((x, j) => (j === i ? { ...x, when: v } : x)) }, `case/${i}/when`), `case-${i}-when`)}
              {body.cases.length > 1 && <button type="button" onClick={() => set({ cases: body.cases.filter((_, j) => j !== i) }, 'cases')}>{t('panel.removeCase')}</button>}
            </div>
          ))}
          <button type="button" data-testid="add-case" onClick={() => set({ cases: [...body.cases, { handle: `case_${body.cases.length + 1}`, when: 'true' }] }, 'cases')}>{t('panel.addCase')}</button>
        </fieldset>
      );
      break;
    case 'join':
      form = (
        <>
          <label className="lt-field">
            <span>{t('panel.joinMode')}</span>
            <select value={body.mode} data-testid="field-join-mode" onChange={(e) => set({ mode: e.target.value as 'all' }, 'mode')}>
              {(['all', 'any', 'n'] as const).map((v) => <option key={v} value={v}>{t(`panel.join.${v}`)}</option>)}
            </select>
          </label>
          {body.mode === 'n' && <TextField label="n" type="number" value={String(body.n ?? 1)} testId="join-n" onChange={(v) => set({ n: Math.max(1, Math.trunc(Number(v) || 1)) }, 'n')} />}
        </>
      );
      break;
    case 'foreach':
      form = (
        <>
          {expr(t('panel.items'), body.items, (v) => set({ items: v }, 'items'), 'items')}
          <TextField label={t('panel.concurrency')} type="number" value={body.concurrency?.toString() ?? ''} testId="concurrency" onChange={(v) => set({ concurrency: v ? Math.max(1, Math.trunc(Number(v))) : undefined }, 'concurrency')} />
          {'transform' in body.body
            ? expr(t('panel.body'), body.body.transform, (v) => set({ body: { transform: v } }, 'body'), 'body', { multiline: true })
            : <pre className="lt-json">{JSON.stringify(body.body, null, 2)}</pre>}
        </>
      );
      break;
    case 'wait':
      form = (
        <>
          <TextField label={t('panel.signal')} value={body.signal} testId="signal" onChange={(v) => set({ signal: v }, 'signal')} />
          <TextField label={t('panel.timeout')} value={body.timeout ?? ''} testId="timeout" onChange={(v) => set({ timeout: v || undefined }, 'timeout')} />
        </>
      );
      break;
    case 'task':
      form = <TaskFields body={body} set={set} expr={expr} />;
      break;
    case 'delay':
      form = (
        <>
          <TextField label={t('panel.duration')} value={body.duration ?? ''} testId="duration" onChange={(v) => set({ duration: v || undefined }, 'duration')} />
          {expr(t('panel.until'), body.until ?? '', (v) => set({ until: v || undefined }, 'until'), 'until')}
        </>
      );
      break;
    case 'subflow':
      form = (
        <>
          <TextField label={t('panel.flowKey')} value={body.flow.key} testId="subflow-key" onChange={(v) => set({ flow: { ...body.flow, key: v } }, 'flow.key')} />
          <TextField label={t('panel.flowVersion')} type="number" value={String(body.flow.version)} testId="subflow-version" onChange={(v) => set({ flow: { ...body.flow, version: Math.max(1, Math.trunc(Number(v) || 1)) } }, 'flow.version')} />
          {expr(t('panel.output'), body.input ?? '', (v) => set({ input: v || undefined }, 'input'), 'subflow-input')}
        </>
      );
      break;
    case 'fail':
      form = (
        <>
          <TextField label={t('panel.errorCode')} value={body.code} testId="fail-code" onChange={(v) => set({ code: v }, 'code')} />
          <TextField label={t('panel.messageVi')} value={body.message.vi} testId="fail-vi" onChange={(v) => set({ message: { ...body.message, vi: v } }, 'message.vi')} />
          <TextField label={t('panel.messageEn')} value={body.message.en} testId="fail-en" onChange={(v) => set({ message: { ...body.message, en: v } }, 'message.en')} />
        </>
      );
      break;
    case 'parallel':
      break;
  }

  return (
    <div className="lt-node-panel" data-testid="node-panel">
      <h2>{t('panel.node')}: <code>{id}</code> <small>{t(`kind.${body.kind}`)}</small></h2>
      <NodeIdField id={id} />
      <TextField label={t('panel.titleVi')} value={body.title?.vi ?? ''} testId="title-vi" onChange={(v) => updateTitle(id, 'vi', v)} />
      <TextField label={t('panel.titleEn')} value={body.title?.en ?? ''} testId="title-en" onChange={(v) => updateTitle(id, 'en', v)} />
      {form}
      {problems && problems.length > 0 && (
        <section className="lt-node-problems">
          <h3>{t('panel.problems')}</h3>
          <ul>{problems.map((p, i) => <li key={i} className={p.severity}>{p.message[lang]}</li>)}</ul>
        </section>
      )}
      {run && (
        <section className="lt-node-run" data-testid="node-run">
          <h3>{t('panel.runStatus')}</h3>
          <p>{t('run.nodeStatus')}: <strong data-testid="node-run-status">{t(`status.${run.status}`)}</strong>{run.handle && run.handle !== 'ok' ? ` → ${run.handle}` : ''}</p>
          {run.startedAt && <p><small>{run.startedAt}{run.finishedAt ? ` → ${run.finishedAt}` : ''}</small></p>}
          {run.error && <p className="lt-error">{run.error.message[lang]}</p>}
        </section>
      )}
    </div>
  );
}
