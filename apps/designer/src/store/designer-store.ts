import { createContext, useContext } from 'react';
import { createStore, useStore, type StoreApi } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import { applyEdgeChanges, applyNodeChanges, type Connection, type EdgeChange, type NodeChange } from '@xyflow/react';
import type { ConnectorManifest, FlowDocument } from '@lienthong/schemas';
import { toCanvas, toDocument, nextEdgeId, type DesignerEdge, type DesignerNode, type FlowMeta } from '../model/flow-adapter.js';
import { defaultNode, nextNodeId, type NodeBody } from '../model/kinds.js';
import { checkConnection, type ConnectRefusal } from '../model/connect.js';
import { findProblems, problemsByNode, type Problem } from '../model/problems.js';
import { autoLayout } from '../model/layout.js';
import { copySelection, pasteClip, type Clip } from '../model/clipboard.js';
import { diffFlows, type FlowDiff } from '../model/diff.js';
import { renameNode as renameInGraph } from '../model/rename.js';
import type { PaletteItem } from '../model/palette.js';
import type { RunView } from '../api/client.js';

interface Snapshot { meta: FlowMeta; nodes: DesignerNode[]; edges: DesignerEdge[] }

/** The run on the canvas: the API's run view (inferred from its router), before its first read only what the start returned. */
export type RunState = Pick<RunView, 'runId' | 'flowKey' | 'version' | 'status' | 'nodes'> & Partial<Pick<RunView, 'output' | 'error' | 'startedAt' | 'finishedAt'>>;

export interface DesignerState extends Snapshot {
  manifests: readonly ConnectorManifest[];
  problems: Problem[];
  nodeProblems: Record<string, Problem[]>;
  past: Snapshot[];
  future: Snapshot[];
  /** Latest published version of this flow (0: never published). */
  publishedVersion: number;
  sampleInput: string;
  run: RunState | null;
  /** Runs started or opened in this session, newest first. */
  runs: RunState[];
  /** A version comparison drawn over the canvas, or null. */
  diff: { from: number | 'draft'; to: number | 'draft'; result: FlowDiff } | null;
  lastRefusal: ConnectRefusal | null;
  /** Bumped to ask the canvas to centre a node. */
  focus: { id: string; n: number } | null;
  panel: 'node' | 'flow';

  document(): FlowDocument;
  onNodesChange(changes: NodeChange<DesignerNode>[]): void;
  onEdgesChange(changes: EdgeChange[]): void;
  onConnect(c: Connection): void;
  isValidConnection(c: { source: string; target: string; sourceHandle?: string | null }): boolean;
  beginMove(): void;
  addNode(item: PaletteItem, position: { x: number; y: number }): string | null;
  /** `field` names what is being edited, so typing in one field is one undo step. */
  updateNode(id: string, body: NodeBody, field?: string): void;
  updateTitle(id: string, lang: 'vi' | 'en', text: string): void;
  renameNode(from: string, to: string): boolean;
  updateMeta(patch: Partial<FlowMeta>, field?: string): void;
  deleteSelection(): void;
  copy(): void;
  paste(): void;
  undo(): void;
  redo(): void;
  layout(): void;
  replaceDocument(doc: FlowDocument): void;
  select(id: string | null): void;
  focusNode(id: string): void;
  setPanel(p: 'node' | 'flow'): void;
  setSampleInput(text: string): void;
  setRun(run: RunState | null): void;
  setDiff(d: DesignerState['diff']): void;
  setPublished(version: number): void;
}

const HISTORY = 100;
let clipboard: Clip | null = null;

/** One store per open flow. Node `data` is plain data; behaviour lives here and in ../model. */
export function createDesignerStore(doc: FlowDocument, manifests: readonly ConnectorManifest[], opts: { publishedVersion?: number; sampleInput?: string } = {}) {
  const canvas = toCanvas(doc);
  const needsLayout = Object.values(doc.nodes).some((n) => !n.ui?.position);
  const initialNodes = needsLayout ? laidOut(canvas.nodes, canvas.edges) : canvas.nodes;
  const analyse = (s: Snapshot) => {
    const problems = findProblems(toDocument(s), manifests);
    return { problems, nodeProblems: problemsByNode(problems) };
  };

  return createStore<DesignerState>()((set, get) => {
    const snap = (): Snapshot => { const s = get(); return { meta: s.meta, nodes: s.nodes, edges: s.edges }; };
    /** A change to what the compiler reads: remember the previous state for undo, then revalidate. */
    // Successive edits of the same field (typing) make one undo step.
    let lastCoalesce: string | null = null;
    const commit = (next: Partial<Snapshot>, coalesce: string | null = null) => {
      const before = snap();
      const after = { ...before, ...next };
      const merge = coalesce !== null && coalesce === lastCoalesce;
      lastCoalesce = coalesce;
      set((s) => ({ ...after, ...analyse(after), past: merge ? s.past : [...s.past, before].slice(-HISTORY), future: [], diff: s.diff?.to === 'draft' ? null : s.diff }));
    };

    return {
      meta: canvas.meta, nodes: initialNodes, edges: canvas.edges, manifests,
      ...analyse({ meta: canvas.meta, nodes: initialNodes, edges: canvas.edges }),
      past: [], future: [], publishedVersion: opts.publishedVersion ?? 0, sampleInput: opts.sampleInput ?? '{}',
      run: null, runs: [], diff: null, lastRefusal: null, focus: null, panel: 'node',

      document: () => toDocument(snap()),

      onNodesChange: (changes) => {
        const removes = changes.some((c) => c.type === 'remove');
        const nodes = applyNodeChanges(changes, get().nodes);
        if (removes) {
          const ids = new Set(nodes.map((n) => n.id));
          commit({ nodes, edges: get().edges.filter((e) => ids.has(e.source) && ids.has(e.target)) });
        } else set({ nodes });
      },
      onEdgesChange: (changes) => {
        const edges = applyEdgeChanges(changes, get().edges);
        if (changes.some((c) => c.type === 'remove')) commit({ edges });
        else set({ edges });
      },
      isValidConnection: (c) => {
        const s = get();
        const refusal = checkConnection({ nodes: new Map(s.nodes.map((n) => [n.id, n.data.body])), edges: s.edges }, c);
        if (s.lastRefusal !== refusal) set({ lastRefusal: refusal });
        return refusal === null;
      },
      onConnect: (c) => {
        if (!get().isValidConnection(c)) return;
        const edges = get().edges;
        commit({ edges: [...edges, { id: nextEdgeId(edges), source: c.source, target: c.target, sourceHandle: c.sourceHandle ?? 'ok', targetHandle: 'in' }] });
        set({ lastRefusal: null });
      },
      beginMove: () => set((s) => ({ past: [...s.past, snap()].slice(-HISTORY), future: [] })),

      addNode: (item, position) => {
        const s = get();
        if (item.type === 'kind' && item.kind === 'trigger' && s.nodes.some((n) => n.data.body.kind === 'trigger')) return null;
        const taken = new Set(s.nodes.map((n) => n.id));
        let body: NodeBody;
        let id: string;
        if (item.type === 'kind') {
          body = defaultNode(item.kind);
          id = nextNodeId(item.kind === 'trigger' ? 'start' : item.kind, taken);
        } else {
          body = { kind: 'call', connector: { ...item.connector }, input: {} };
          id = nextNodeId(item.connector.id.split(':').pop() ?? 'call', taken);
        }
        const node: DesignerNode = { id, type: 'lt', position, data: { body }, selected: true };
        commit({ nodes: [...s.nodes.map((n) => (n.selected ? { ...n, selected: false } : n)), node] });
        set({ panel: 'node' });
        return id;
      },
      updateNode: (id, body, field) => commit({ nodes: get().nodes.map((n) => (n.id === id ? { ...n, data: { ...n.data, body } } : n)) }, field ? `${id}/${field}` : null),
      updateTitle: (id, lang, text) => {
        const n = get().nodes.find((x) => x.id === id);
        if (!n) return;
        const prev = n.data.body.title ?? { vi: '', en: '' };
        const title = { ...prev, [lang]: text };
        const { title: _t, ...rest } = n.data.body;
        // I18nText needs both languages; until both are filled the node keeps no title.
        const body = (title.vi && title.en ? { ...rest, title } : rest) as NodeBody;
        get().updateNode(id, body, `title/${lang}`);
      },
      renameNode: (from, to) => {
        const s = get();
        if (from === to) return true;
        if (!/^[a-z][a-z0-9_]{0,63}$/.test(to) || s.nodes.some((n) => n.id === to)) return false;
        commit(renameInGraph({ nodes: s.nodes, edges: s.edges }, from, to));
        return true;
      },
      updateMeta: (patch, field) => commit({ meta: { ...get().meta, ...patch } }, field ? `meta/${field}` : null),

      deleteSelection: () => {
        const s = get();
        const ids = new Set(s.nodes.filter((n) => n.selected).map((n) => n.id));
        const edges = s.edges.filter((e) => !e.selected && !ids.has(e.source) && !ids.has(e.target));
        if (ids.size === 0 && edges.length === s.edges.length) return;
        commit({ nodes: s.nodes.filter((n) => !ids.has(n.id)), edges });
      },
      copy: () => {
        const s = get();
        const ids = new Set(s.nodes.filter((n) => n.selected).map((n) => n.id));
        if (ids.size > 0) clipboard = copySelection(s.nodes, s.edges, ids);
      },
      paste: () => {
        if (!clipboard) return;
        const s = get();
        const pasted = pasteClip(clipboard, s);
        if (pasted.nodes.length === 0) return;
        commit({ nodes: [...s.nodes.map((n) => (n.selected ? { ...n, selected: false } : n)), ...pasted.nodes], edges: [...s.edges, ...pasted.edges] });
      },
      undo: () => {
        lastCoalesce = null;
        const s = get();
        const prev = s.past[s.past.length - 1];
        if (!prev) return;
        set({ ...prev, ...analyse(prev), past: s.past.slice(0, -1), future: [snap(), ...s.future] });
      },
      redo: () => {
        lastCoalesce = null;
        const s = get();
        const next = s.future[0];
        if (!next) return;
        set({ ...next, ...analyse(next), past: [...s.past, snap()], future: s.future.slice(1) });
      },
      layout: () => commit({ nodes: laidOut(get().nodes, get().edges) }),
      replaceDocument: (d) => {
        const c = toCanvas(d);
        const nodes = Object.values(d.nodes).some((n) => !n.ui?.position) ? laidOut(c.nodes, c.edges) : c.nodes;
        commit({ meta: c.meta, nodes, edges: c.edges });
      },
      select: (id) => set((s) => ({ nodes: s.nodes.map((n) => ((n.id === id) === !!n.selected ? n : { ...n, selected: n.id === id })), panel: 'node' })),
      focusNode: (id) => { get().select(id); set((s) => ({ focus: { id, n: (s.focus?.n ?? 0) + 1 } })); },
      setPanel: (panel) => set({ panel }),
      setSampleInput: (sampleInput) => set({ sampleInput }),
      setRun: (run) => set((s) => ({ run, runs: run ? [run, ...s.runs.filter((r) => r.runId !== run.runId)].slice(0, 50) : s.runs })),
      setDiff: (diff) => set({ diff }),
      setPublished: (publishedVersion) => set({ publishedVersion }),
    };
  });
}

function laidOut(nodes: DesignerNode[], edges: DesignerEdge[]): DesignerNode[] {
  const pos = autoLayout(nodes.map((n) => ({ id: n.id, width: n.measured?.width, height: n.measured?.height })), edges);
  return nodes.map((n) => ({ ...n, position: pos.get(n.id) ?? n.position }));
}

export type DesignerStore = StoreApi<DesignerState>;
export const DesignerContext = createContext<DesignerStore | null>(null);

export function useDesigner<T>(selector: (s: DesignerState) => T): T {
  const store = useContext(DesignerContext);
  if (!store) throw new Error('useDesigner outside a DesignerContext');
  return useStore(store, selector);
}

/** Several fields of the designer state at once; the component re-renders only when one of them changes. */
export function useDesignerPick<K extends keyof DesignerState>(...keys: K[]): Pick<DesignerState, K> {
  return useDesigner(useShallow((s) => Object.fromEntries(keys.map((k) => [k, s[k]])) as Pick<DesignerState, K>));
}

export function useDesignerStore(): DesignerStore {
  const store = useContext(DesignerContext);
  if (!store) throw new Error('useDesignerStore outside a DesignerContext');
  return store;
}

/** The draft compared with a published document. */
export const diffAgainst = (published: FlowDocument, draft: FlowDocument): FlowDiff => diffFlows(published, draft);
