import { useCallback, useEffect, useMemo, useState, type DragEvent } from 'react';
import { Background, Controls, MiniMap, ReactFlow, useReactFlow, type Edge, type FinalConnectionState } from '@xyflow/react';
import { App } from 'antd';
import { useDesigner, useDesignerPick, useDesignerStore } from './store/designer-store.js';
import { nodeTypes } from './nodes/flow-node.js';
import { edgeKey } from './model/diff.js';
import { paletteItems } from './model/palette.js';
import { freePosition } from './model/placement.js';
import { label } from './i18n/messages.js';
import { useT } from './i18n/lang.js';

const MINIMAP: Record<string, string> = { succeeded: '#1e7b34', failed: '#c62828', running: '#1565c0', waiting: '#7b1fa2', added: '#1e7b34', removed: '#c62828', changed: '#a86400' };

export const PALETTE_MIME = 'application/x-lienthong-palette';

const isTyping = (el: EventTarget | null): boolean =>
  el instanceof HTMLElement && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable);

/** Keyboard shortcuts for the open flow; ignored while typing in a field. */
function useShortcuts(enabled: boolean) {
  const store = useDesignerStore();
  useEffect(() => {
    if (!enabled) return;
    const onKey = (e: KeyboardEvent) => {
      if (isTyping(e.target)) return;
      const s = store.getState();
      const mod = e.ctrlKey || e.metaKey;
      const k = e.key.toLowerCase();
      if (mod && k === 'z' && !e.shiftKey) s.undo();
      else if (mod && ((k === 'z' && e.shiftKey) || k === 'y')) s.redo();
      else if (mod && k === 'c') s.copy();
      else if (mod && k === 'v') s.paste();
      else if (mod && k === 'l') s.layout();
      else if (!mod && (e.key === 'Delete' || e.key === 'Backspace')) s.deleteSelection();
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [store, enabled]);
}

/** Centres the node the store asks for (clicking a problem, opening a run node). */
function FocusFollower() {
  const focus = useDesigner((s) => s.focus);
  const rf = useReactFlow();
  useEffect(() => {
    if (focus) void rf.fitView({ nodes: [{ id: focus.id }], duration: 300, maxZoom: 1.2 });
  }, [focus, rf]);
  return null;
}

export function Canvas({ readOnly = false, testId }: { readOnly?: boolean; testId?: string }) {
  const { lang, t } = useT();
  const store = useDesignerStore();
  const { message } = App.useApp();
  const { nodes, edges, diff, run, onNodesChange, onEdgesChange, onConnect, isValidConnection, beginMove, manifests } =
    useDesignerPick('nodes', 'edges', 'diff', 'run', 'onNodesChange', 'onEdgesChange', 'onConnect', 'isValidConnection', 'beginMove', 'manifests');
  const rf = useReactFlow();
  // Fit an opened flow to the screen once; an empty canvas keeps its viewport, so nodes land where they are dropped.
  const [fitOnInit] = useState(() => store.getState().nodes.length > 0);
  useShortcuts(!readOnly);

  const items = useMemo(() => new Map(paletteItems(manifests).map((i) => [i.key, i])), [manifests]);

  const shownEdges = useMemo((): Edge[] => edges.map((e) => {
    const change = diff?.result.edges[edgeKey(e)];
    const taken = run?.nodes[e.source]?.handle === (e.sourceHandle ?? 'ok') && run.nodes[e.target] !== undefined;
    const handle = e.sourceHandle ?? 'ok';
    return {
      ...e,
      ...(handle !== 'ok' ? { label: label(lang, `handle.${handle}`, handle) } : {}),
      className: [change && change !== 'same' ? `diff-${change}` : '', handle === 'error' || handle === 'timeout' ? `edge-${handle}` : '', taken ? 'taken' : ''].filter(Boolean).join(' '),
      animated: run?.status === 'running' && run.nodes[e.target]?.status === 'running',
    };
  }), [edges, diff, run, lang]);

  /** The minimap shows what the canvas shows: run status, else the diff state. */
  const minimapColor = useCallback((n: { id: string }): string =>
    MINIMAP[run?.nodes[n.id]?.status ?? diff?.result.nodes[n.id] ?? ''] ?? '#9aa6b4', [run, diff]);

  /** A connection dropped on a node that refuses it says why (it used to vanish without a word). */
  const onConnectEnd = useCallback((_e: unknown, c: FinalConnectionState) => {
    const refusal = store.getState().lastRefusal;
    if (c.toNode && c.isValid === false && refusal) void message.warning({ content: <span data-testid="connect-refused">{t(`connect.${refusal}`)}</span> });
  }, [store, message, t]);

  const onDragOver = useCallback((e: DragEvent) => {
    if (e.dataTransfer.types.includes(PALETTE_MIME)) { e.preventDefault(); e.dataTransfer.dropEffect = 'copy'; }
  }, []);
  const onDrop = useCallback((e: DragEvent) => {
    const item = items.get(e.dataTransfer.getData(PALETTE_MIME));
    if (!item) return;
    e.preventDefault();
    const p = rf.screenToFlowPosition({ x: e.clientX, y: e.clientY });
    // Dropped on another node: the nearest free spot right/below instead of on top of it.
    store.getState().addNode(item, freePosition(store.getState().nodes, { x: p.x - 100, y: p.y - 30 }));
  }, [items, rf, store]);

  return (
    <div className="lt-canvas" data-testid={testId ?? (readOnly ? 'diff-canvas' : 'canvas')} onDragOver={readOnly ? undefined : onDragOver} onDrop={readOnly ? undefined : onDrop}>
      <ReactFlow
        nodes={nodes} edges={shownEdges} nodeTypes={nodeTypes}
        onNodesChange={onNodesChange} onEdgesChange={onEdgesChange} onConnect={onConnect} onConnectEnd={readOnly ? undefined : onConnectEnd} isValidConnection={isValidConnection}
        onNodeDragStart={readOnly ? undefined : beginMove}
        nodesDraggable={!readOnly} nodesConnectable={!readOnly} elementsSelectable
        deleteKeyCode={null} multiSelectionKeyCode={['Shift', 'Meta', 'Control']} selectionOnDrag={false}
        fitView={fitOnInit} fitViewOptions={{ maxZoom: 1 }} minZoom={0.1} maxZoom={2} proOptions={{ hideAttribution: true }}
      >
        <Background />
        <MiniMap pannable zoomable nodeStrokeWidth={3} nodeColor={minimapColor} />
        <Controls showInteractive={false} />
        <FocusFollower />
      </ReactFlow>
    </div>
  );
}
