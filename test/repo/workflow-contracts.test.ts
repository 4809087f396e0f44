import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Workflows, signals, queries and updates are named once, in packages/temporal/src/contracts; every caller imports
// the definitions, so a renamed workflow or message cannot leave a stale string behind in another process.
const root = fileURLToPath(new URL('../..', import.meta.url));
const CONTRACTS = 'packages/temporal/src/contracts/';
const SCANNED = ['apps', 'packages', 'test', 'bench'];
/** The benchmark's own reference workflows (bench/workers): not part of the product, so not contracts. */
const BENCH_ONLY = /'(noopWf|noopAct|noopLocal|noopChild|noopTimer|noopSignal|benchGo)'/;
const SKIP = /(^|\/)(node_modules|dist|fixtures|\.turbo)(\/|$)/;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    const rel = relative(root, path);
    if (SKIP.test(rel)) return [];
    if (statSync(path).isDirectory()) return sources(path);
    return /\.(ts|tsx|js|mjs)$/.test(name) ? [rel] : [];
  });
}

/** Calls that name a workflow or one of its messages; a string literal as their first argument is the fault. */
const NAMED_BY_STRING = [
  /\bdefine(Signal|Query|Update)\s*(<[^(]*>)?\(\s*['"`]/,
  /\.workflow\.(start|execute|signalWithStart)\s*(<[^(]*>)?\(\s*['"`]/,
  /\bexecuteChild\s*(<[^(]*>)?\(\s*['"`]/,
  /\bstartChild\s*(<[^(]*>)?\(\s*['"`]/,
  /\.(signal|query|executeUpdate|startUpdate)\s*(<[^(]*>)?\(\s*['"`][a-z][\w.-]*['"`]\s*[,)]/, // a message name, not SQL
  /\bexecuteUpdateWithStart\s*\(\s*['"`]/,
  /new\s+WithStartWorkflowOperation\s*\(\s*['"`]/,
  /workflowType:\s*['"`]/,
  /WorkflowType\s*=\s*'/,
];

describe('workflow contracts', () => {
  it('no workflow, signal, query or update is named by a string literal outside the contracts folder', () => {
    const offenders: string[] = [];
    for (const file of SCANNED.flatMap((d) => sources(join(root, d)))) {
      if (file.startsWith(CONTRACTS) || file === 'test/repo/workflow-contracts.test.ts') continue;
      readFileSync(join(root, file), 'utf8').split('\n').forEach((line, i) => {
        if (file.startsWith('bench/') && BENCH_ONLY.test(line)) return;
        if (NAMED_BY_STRING.some((re) => re.test(line))) offenders.push(`${file}:${i + 1}: ${line.trim().slice(0, 160)}`);
      });
    }
    expect(offenders).toEqual([]);
  });

  it('the run types are declared once, in the contracts folder', () => {
    const declared = /^\s*(export\s+)?(declare\s+)?(interface|type)\s+(RunFlowInput|RunFlowResult|RunProgress|NodeProgress|ExchangeWorkflowInput|ExchangeActivities)\b/;
    const places = SCANNED.flatMap((d) => sources(join(root, d)))
      .filter((file) => !file.startsWith(CONTRACTS) && readFileSync(join(root, file), 'utf8').split('\n').some((l) => declared.test(l) && !/export type \{/.test(l)));
    expect(places).toEqual([]);
  });
});
