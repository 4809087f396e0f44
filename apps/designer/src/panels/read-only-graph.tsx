import { useEffect, useMemo } from 'react';
import { ReactFlowProvider } from '@xyflow/react';
import type { FlowDocument } from '@lienthong/schemas';
import { manifests } from '@lienthong/connectors/manifests';
import { Canvas } from '../canvas.js';
import { createDesignerStore, DesignerContext, type DesignerState, type RunState } from '../store/designer-store.js';

/** A flow drawn read-only: a version diff (added/removed/changed highlighted) or a run on its own version (any screen). */
export function ReadOnlyGraph(props: { doc: FlowDocument; diff?: DesignerState['diff']; run?: RunState | null; testId?: string }) {
  const overlay = { diff: props.diff ?? null, run: props.run ?? null };
  // The graph changes only with the document; the overlay as a run goes on.
  const store = useMemo(() => { const s = createDesignerStore(props.doc, manifests); s.setState(overlay); return s; }, [props.doc]);
  useEffect(() => { store.setState({ diff: props.diff ?? null, run: props.run ?? null }); }, [store, props.diff, props.run]);
  return (
    <DesignerContext.Provider value={store}>
      <ReactFlowProvider>
        <Canvas readOnly {...(props.testId ? { testId: props.testId } : {})} />
      </ReactFlowProvider>
    </DesignerContext.Provider>
  );
}
