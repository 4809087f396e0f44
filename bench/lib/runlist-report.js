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

/** What the figures say and what to do next (measured 2026-12-06 on this machine; see the method above and below). */
const PROFILE = [
  '**Profile.** The number of runs is not what costs time. Temporal\'s SQLite visibility answers the first page from its',
  '`by_workflow_type` index and a dossier number through its FTS5 keyword-list table: read straight in SQLite on a',
  '16,576-run visibility file (`sqlite3`, read-only, while nothing wrote), the first page took 2 ms and a dossier number',
  '1–4 ms; both are index look-ups whose cost grows with log n, not n. What does cost time:',
  '(1) **Reads wait behind writes.** With runs being started at the dev server\'s full rate (128 concurrent starts, load',
  'average ~20), the same searches through Temporal\'s API took 1.1–1.6 s for a dossier number and 2.0–5.6 s for the',
  'unfiltered first page at 10,000 runs (a probe, not this benchmark); the row "while the seed starts runs" above measures',
  'it through our API. (2) **The screen\'s own start-up on a busy machine.** The breakdown above shows how much of a load',
  'is scripts and start-up before the search is even sent, against the search\'s round trip.',
  '',
  '**Next levers**, in order: (a) the console sends the run search only once the scripts, the session check (`auth.me`)',
  'and the lazily loaded route module are in; prefetching the first page beside the session check would take that',
  'waterfall out of the first row\'s time; (b) for a busy province, Temporal on PostgreSQL ([deploy.md](deploy.md)) instead of the',
  'dev server\'s SQLite file, so visibility reads do not queue behind run starts; (c) only if (b) is not possible, answer',
  'the list from our own `runs` table (it already holds flow, version, agency, trigger, business keys and start time per',
  'run, indexed by flow and start time) with an index on `business_keys` and `started_at`, keeping Temporal for live',
  'status. Seeding is the slow part of this benchmark itself: on this machine, shared with the team\'s builds and tests',
  '(load average 25–30 during the runs recorded here), the API started 8–11 runs/s, so 100,000 runs need several',
  'benchmark runs of 10 minutes; each run keeps what it seeded (`~/.cache/lienthong/bench/runlist`,',
  '`LT_BENCH_RUNLIST_FRESH=1` starts over; `LT_BENCH_RUNLIST_SEED_MINUTES` and `LT_BENCH_RUNLIST_TARGET` change the bound).',
].join(' ').replace(/ {2}/g, '\n\n');

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
  const ph = x.browser.phases?.cold;
  if (ph) {
    L.push('', `Where a cold load's time goes (p50, ms from navigation start): the page's HTML and scripts ready (DOMContentLoaded) ${f(ph.domContentLoaded.p50)}, run search sent ${f(ph.searchSent.p50)}, its answer in ${f(ph.searchAnswered.p50)} (round trip ${f(ph.searchRoundTrip.p50)}), first row visible ${f(ph.firstRow.p50)}; ${f(x.browser.scriptBytesCold / 1024)} KiB of scripts fetched (compressed as sent).`);
  }
  L.push('', PROFILE);
  return L;
}
