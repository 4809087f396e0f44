import type { FlowDocument } from '@lienthong/schemas';
import { createStoreFor } from '../editor.js';
import type { DesignerStore } from '../store/designer-store.js';

/**
 * Open flows of this tab, by key: a new or imported draft lives only here until published, and leaving the flow (a run's
 * page, the list) keeps its unpublished changes; a reload asks before dropping them.
 */
const drafts = new Map<string, DesignerStore>();
/** Each draft's document as last loaded or published. */
const baselines = new WeakMap<DesignerStore, string>();

const snapshot = (store: DesignerStore): string => JSON.stringify(store.getState().document());

/** True when the draft differs from what was loaded or last published. */
export const isDirty = (store: DesignerStore): boolean => baselines.get(store) !== snapshot(store);

export function openDraft(doc: FlowDocument, publishedVersion: number): DesignerStore {
  const store = createStoreFor(doc, publishedVersion);
  baselines.set(store, snapshot(store));
  // Publishing (or rolling back) makes the draft the new baseline.
  store.subscribe((s, prev) => { if (s.publishedVersion !== prev.publishedVersion) baselines.set(store, snapshot(store)); });
  drafts.set(doc.key, store);
  return store;
}

/** The tab's draft of a flow, if any. */
export const draftOf = (key: string): DesignerStore | undefined => drafts.get(key);

/** Opening a flow from the list starts from the server again, unless the tab holds unpublished changes to it. */
export function forgetUnchanged(key: string): void {
  const store = drafts.get(key);
  if (store && !isDirty(store)) drafts.delete(key);
}
