// docs/benchmarks.md: benchmark 9's goal row and section (bench/report.js calls these).
const f = (x) => (x === null || x === undefined ? '–' : x.toLocaleString('en-US', { maximumFractionDigits: 1 }));
const yes = (b) => (b ? '**met**' : '**missed**');
const seededAt = (x) => `${f(x.visibility.total)} runs`;

/** The goals table's row (the goal holds only at 100,000 runs: fewer seeded says so). */
export function runlistGoalRow(x) {
  if (!x || x.ran === false) return [];
  const at = x.atTarget ? '' : ` (at ${seededAt(x)}, not yet ${f(x.target)})`;
  return [
    `| Run list, first page in the browser ≤ 1 s with 100,000 runs | p50 ${f(x.browser.cold.p50)} ms cold, ${f(x.browser.warm.p50)} ms warm${at} | ${x.atTarget ? yes(x.met.firstPage) : `${yes(x.met.firstPage)} at this size`} |`,
    `| Dossier-number search ≤ 300 ms with 100,000 runs | p50 ${f(x.search.trpc.latencyMs.p50)} ms, p99 ${f(x.search.trpc.latencyMs.p99)} ms (tRPC); REST p50 ${f(x.search.rest.latencyMs.p50)} ms${at} | ${x.atTarget ? yes(x.met.search) : `${yes(x.met.search)} at this size`} |`,
  ];
}

/** What the figures say and what to do next: the numbers come from this run's result, the SQLite reads from a probe. */
function profile(x) {
  const ph = x.browser.phases?.cold;
  const during = x.searchWhileSeeding?.latencyMs;
  const P = [];
  P.push(`**Profile.** The number of runs is not what costs time. Temporal's SQLite visibility answers the first page from its \`by_workflow_type\` index and a dossier number through its FTS5 keyword-list table: read straight in SQLite (\`sqlite3\`, read-only, nothing writing) on a 16,576-run visibility file, the first page took 2 ms and a dossier number 1–4 ms, index look-ups whose cost grows with log n. Through the API, at rest, a search answers in p50 ${f(x.search.trpc.latencyMs.p50)} ms here.`);
  P.push(`What does cost time: (1) **reads wait behind writes**${during ? `: while the seed was starting runs, the same search took p50 ${f(during.p50)} ms, p99 ${f(during.p99)} ms (the platform process and Temporal's SQLite file both busy with the starts); a probe starting runs straight through Temporal's client at full rate (no platform) saw 1.1–1.6 s per dossier search and 2.0–5.6 s for the unfiltered first page at 10,000 runs` : ''}. (2) **The screen's own start-up on a busy machine**${ph ? `: of the ${f(ph.firstRow.p50)} ms to the first row (cold, p50), the search leaves at ${f(ph.searchSent.p50)} ms and its round trip is ${f(ph.searchRoundTrip.p50)} ms; the HTML and ${f(x.browser.scriptBytesCold / 1024)} KiB of scripts are in by ${f(ph.domContentLoaded.p50)} ms; the rest, ${f(ph.firstRow.p50 - Math.max(ph.searchAnswered.p50, ph.domContentLoaded.p50))} ms after both, is the app starting, loading the runs screen's module and drawing the table` : ''}. The machine's load average during these runs (2 cores shared with the team's builds and tests) multiplies every CPU-bound step.`);
  P.push('**Done so far, on the screen\'s side**: hashed scripts served compressed (gzipped once and kept: compressing them again for every cold load had taken the CPU the search needed, a 534 ms round trip in cold loads against 98 ms in warm ones at load 3–6) and cached for good (apps/cli/src/designer.ts); the session check and a bare /runs\' first page sent from a classic script in the page\'s head (apps/designer/public/early.js), so their round trips overlap the loading of the app\'s scripts; Ant Design\'s zero-runtime mode (its prebuilt stylesheet instead of styles generated at every first render). An A/B of the screen alone on the --quick platform (8 loads per round, rounds alternated, load average 12.7–16.1 while other work ran), before → after the last two: cold p50 1,638 / 1,656 / 1,260 → 1,366 / 1,578 / 1,272 ms, warm p50 1,291 / 1,343 / 1,111 → 1,000 / 949 / 783 ms. **Next levers**, in order: (a) a smaller entry: the console\'s messages for every screen and the menu load before the first screen (281 kB of the entry chunk; per-screen message files loaded with their screen); (b) for a busy province, Temporal on PostgreSQL ([deploy.md](deploy.md)) instead of the dev server\'s SQLite file, so visibility reads do not queue behind run starts; (c) only if (b) is not possible, answer the list from our own `runs` table (it already holds flow, version, agency, trigger, business keys and start time of every run started through the API, indexed by flow and start time) with indexes on `business_keys` and `started_at`, keeping Temporal for live status.');
  P.push(`**Seeding** is the slow part of this benchmark itself: here the API started ${f(x.seed.perSecond)} runs/s, so 100,000 runs take several benchmark runs of ${f(x.seedBoundMinutes ?? 10)} minutes; each run keeps what it seeded (\`~/.cache/lienthong/bench/runlist\`; \`LT_BENCH_RUNLIST_FRESH=1\` starts over, \`LT_BENCH_RUNLIST_SEED_MINUTES\` and \`LT_BENCH_RUNLIST_TARGET\` change the bound and the target). Temporal stamps each run's start time itself, so the seeded runs' start times are the seeding's minutes, not months; the dossier numbers' receiving days are spread over 2026.`);
  return P.join('\n\n');
}

/** Section 9's lines. */
export function runlistSection(bench) {
  if (!bench) return [];
  const x = bench.result;
  const L = ['', '## 9. The run list at 100,000 runs', ''];
  if (x.ran === false) return [...L, `Not measured: ${x.reason}`];
  const load = (bench.machine.loadAverage1m5m ?? []).join(' / ');
  L.push(x.method, '');
  L.push(`Seeded so far: **${seededAt(x)}** in Temporal's visibility (${f(x.visibility.running)} running, ${f(x.visibility.completed)} completed, ${f(x.visibility.failed)} failed) over ${f(x.seedRunsInAll)} benchmark run(s), ${f(x.seedSecondsInAll)} s of seeding in all; this run started ${f(x.seed.started)} runs in ${f(x.seed.seconds)} s (${f(x.seed.perSecond)} runs/s, ${f(x.seed.errors)} errors) with the machine's load average at ${load} when it ended.${x.atTarget ? '' : ` The target of ${f(x.target)} is not reached yet: each further \`npm run bench -- --only=runlist\` adds up to its time bound of new runs.`}`, '');
  L.push('| Measured | p50 | p90 | p99 | max (ms) |', '|---|---|---|---|---|');
  const row = (name, s) => L.push(`| ${name} | ${f(s.p50)} | ${f(s.p90)} | ${f(s.p99)} | ${f(s.max)} |`);
  row(`Dossier-number search, tRPC runs.search (${x.search.trpc.searches}; ${x.search.trpc.wrongAnswers} wrong answers)`, x.search.trpc.latencyMs);
  row(`Dossier-number search, REST GET /api/v1/runs (${x.search.rest.searches}; ${x.search.rest.wrongAnswers} wrong answers)`, x.search.rest.latencyMs);
  row('First page (20 runs) through tRPC alone', x.search.firstPageApi.latencyMs);
  if (x.searchWhileSeeding) row(`Dossier-number search while the seed starts runs (one every 2 s, ${x.searchWhileSeeding.searches})`, x.searchWhileSeeding.latencyMs);
  row(`Runs screen, navigation → first row visible, cold (${x.browser.loads} loads)`, x.browser.cold);
  row(`Runs screen, navigation → first row visible, warm (${x.browser.loads} loads)`, x.browser.warm);
  if (x.browser.failedLoads?.length) L.push('', `Loads that showed no row within 30 s (not timed above): ${x.browser.failedLoads.length} — ${[...new Set(x.browser.failedLoads)].join('; ')}.`);
  const ph = x.browser.phases?.cold;
  if (ph) {
    L.push('', `Where a cold load's time goes (p50, ms from navigation start): the page's HTML and scripts ready (DOMContentLoaded) ${f(ph.domContentLoaded.p50)}, run search sent ${f(ph.searchSent.p50)}, its answer in ${f(ph.searchAnswered.p50)} (round trip ${f(ph.searchRoundTrip.p50)}), first row visible ${f(ph.firstRow.p50)}; ${f(x.browser.scriptBytesCold / 1024)} KiB of scripts fetched.`);
  }
  L.push('', profile(x));
  return L;
}
