import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { workflowsPath } from '@lienthong/worker';

// Histories of real runs (test/system/flow-*.test.ts with LT_RECORD_HISTORIES=1): every example flow and
// one per interpreter feature. A change to the interpreter that would behave differently on replay
// fails here; gate such a change (an `engine` in the run's input, as INTERPRETER_ENGINE, or patched('<what-changed>')) and record new fixtures (a new folder in
// test/fixtures/histories, see FIXTURE_GENERATION in test/system/flow-harness.ts).
const dir = new URL('../fixtures/histories/', import.meta.url);

describe('replay', () => {
  it('replays every committed history on the current interpreter', async () => {
    try {
      Runtime.install({ logger: new DefaultLogger('ERROR') });
    } catch { /* already installed in this process */ }
    // The top folder: runs recorded by earlier interpreter builds; sub-folders: one per later generation.
    const files = (readdirSync(dir, { recursive: true }) as string[]).filter((f) => f.endsWith('.json')).sort();
    expect(files.length).toBeGreaterThanOrEqual(40);
    const histories = files.map((f) => {
      const history = historyFromJSON(JSON.parse(readFileSync(new URL(f, dir), 'utf8')));
      // Child ids derive from the run's id, so replay under the recorded one.
      const workflowId = history.events?.[0]?.workflowExecutionStartedEventAttributes?.workflowId ?? f;
      return { workflowId, history, file: f };
    });
    const failures: string[] = [];
    let replayed = 0;
    for await (const r of Worker.runReplayHistories({ workflowsPath }, histories)) {
      replayed += 1;
      if (r.error) failures.push(`${histories.find((x) => x.workflowId === r.workflowId)?.file ?? r.workflowId}: ${r.error.message}`);
    }
    expect(failures).toEqual([]);
    expect(replayed).toBe(files.length);
  });
});
