import { memo } from 'react';
import { Handle, Position, type NodeProps } from '@xyflow/react';
import type { DesignerNode } from '../model/flow-adapter.js';
import { sourceHandles, targetHandle } from '../model/kinds.js';
import { NodeIcon } from './node-icon.js';
import { useDesigner } from '../store/designer-store.js';
import { useT } from '../i18n/lang.js';
import { label } from '../i18n/messages.js';

/** The one node component: icon, title, kind, and badges for problems, run status and diff, driven by kind and manifest. */
function FlowNodeView({ id, data, selected }: NodeProps<DesignerNode>) {
  const { t, pick, lang } = useT();
  const body = data.body;
  const manifest = useDesigner((s) => (body.kind === 'call' ? s.manifests.find((m) => m.id === body.connector.id && m.version === body.connector.version) : undefined));
  const problems = useDesigner((s) => s.nodeProblems[id]);
  const status = useDesigner((s) => s.run?.nodes[id]?.status);
  const change = useDesigner((s) => s.diff?.result.nodes[id]);
  const errors = problems?.filter((p) => p.severity === 'error').length ?? 0;
  const warnings = (problems?.length ?? 0) - errors;
  const title = pick(body.title) || (body.kind === 'call' ? pick(manifest?.title, body.connector.id) : t(`kind.${body.kind}`));
  const handles = sourceHandles(body);
  const classes = ['lt-node', `kind-${body.kind}`, selected ? 'selected' : '', status ? `status-${status}` : '', change && change !== 'same' ? `diff-${change}` : '', errors ? 'has-errors' : '', handles.length > 1 ? 'multi-exit' : ''];
  return (
    <div className={classes.filter(Boolean).join(' ')} data-testid={`node-${id}`} data-status={status ?? ''} data-diff={change ?? ''} data-errors={errors}>
      {targetHandle(body.kind) && <Handle type="target" position={Position.Left} id="in" data-testid={`handle-${id}-in`} />}
      <div className="lt-node-head">
        <span className="lt-node-icon" aria-hidden><NodeIcon kind={body.kind} category={manifest?.category} /></span>
        <span className="lt-node-title" title={title}>{title}</span>
      </div>
      <div className="lt-node-sub">
        <code>{id}</code> · {body.kind === 'call' ? t('kind.call') : t(`kind.${body.kind}`)}
      </div>
      <div className="lt-node-badges">
        {errors > 0 && <span className="lt-badge error" data-testid={`node-${id}-errors`} title={problems?.map((p) => p.message[lang]).join('\n')}>⚠ {errors}</span>}
        {warnings > 0 && <span className="lt-badge warning" title={problems?.map((p) => p.message[lang]).join('\n')}>! {warnings}</span>}
        {status && <span className={`lt-badge status ${status}`} data-testid={`node-${id}-status`}>{t(`status.${status}`)}</span>}
        {change && change !== 'same' && <span className={`lt-badge diff ${change}`}>{t(`diff.${change}`)}</span>}
      </div>
      {handles.map((h, i) => (
        <Handle key={h} type="source" position={Position.Right} id={h} data-testid={`handle-${id}-${h}`}
          className={`lt-handle-${h === 'error' || h === 'timeout' ? h : 'ok'}`}
          style={{ top: `${((i + 1) / (handles.length + 1)) * 100}%` }}>
          {handles.length > 1 && <span className="lt-handle-label">{label(lang, `handle.${h}`, h)}</span>}
        </Handle>
      ))}
    </div>
  );
}

export const FlowNode = memo(FlowNodeView);
export const nodeTypes = { lt: FlowNode }; // module level: no re-mounts
