// Benchmark 9: the run list at 100,000 runs. Real runs (agency systems' signed API calls, run by the platform's worker
// on Temporal) kept in a cache folder between benchmark runs and topped up each time within a time bound; then the
// dossier-number search (API) and the console's runs screen (Chromium) are measured against everything seeded so far.
import { stateDir, startRunlistStack, login, FLOWS, AGENCIES } from './lib/runlist-stack.js';
import { settle, topUpSeed, visibilityCounts } from './lib/runlist-seed.js';
import { measureBrowser, measureSearch, sampleSearchDuring } from './lib/runlist-measure.js';

export async function run(ctx) {
  const target = Number(process.env.LT_BENCH_RUNLIST_TARGET ?? (ctx.quick ? 2_000 : 100_000));
  const boundMs = Number(process.env.LT_BENCH_RUNLIST_SEED_MINUTES ?? (ctx.quick ? 3 : 10)) * 60_000;
  const dir = stateDir(ctx.quick);
  ctx.log(`runlist: platform kept in ${dir}`);
  const stack = await startRunlistStack(dir, { log: ctx.log });
  try {
    const before = stack.state.seeded;
    const token = await login(stack.apiUrl, stack.operator.username, stack.operator.password);
    const seeding = topUpSeed(stack, { target, boundMs, log: ctx.log });
    const searchWhileSeeding = await sampleSearchDuring(seeding, stack.apiUrl, token, before);
    const seed = await seeding;
    ctx.log(`runlist: started ${seed.started} runs in ${seed.seconds} s (${seed.perSecond}/s, ${seed.errors} errors); ${stack.state.seeded} seeded in all`);
    const settled = await settle(stack.temporal.address, { boundMs: ctx.quick ? 60_000 : 300_000, log: ctx.log });
    const counts = await visibilityCounts(stack.temporal.address);
    ctx.log(`runlist: Temporal visibility holds ${counts.total} runs (${counts.running} running, ${counts.completed} completed, ${counts.failed} failed)`);
    const search = await measureSearch(stack.apiUrl, token, stack.state.seeded, { count: ctx.quick ? 50 : 100, log: ctx.log });
    const browser = await measureBrowser(stack.apiUrl, stack.operator, { loads: ctx.quick ? 10 : 12, log: ctx.log });
    const atTarget = counts.total >= target;
    return {
      method: `Runs seeded as agency systems start them: ${AGENCIES.length} connected systems of ${AGENCIES.length} agencies send signed POST /api/v1/flows/{key}/runs?wait=0s (SigV4, an Idempotency-Key per run) for three published flows without connector calls (${FLOWS.map((f) => f.key).join(', ')}: 60% complete, 30% wait for an officer's decision and stay running, 10% fail their check), each with its own dossier number (business key dossierNo, receiving days spread over 2026); the platform's worker runs them on Temporal (dev server, SQLite). Seeding more than a benchmark run may spend takes several runs: the platform (Temporal's SQLite file, PGlite folder, keys) is kept in a cache folder and each run starts at most ${boundMs / 60_000} min of new runs before measuring. Search: ${ctx.quick ? 50 : 100} searches of random seeded dossier numbers one after the other, signed in as an operator, through tRPC runs.search (the console's call) and REST GET /api/v1/runs, after 3 warm-up searches each; every answer must hold exactly the searched run. Screen: Debian Chromium (playwright-core, headless), the operator signed in; each load opens /runs and times navigation start → first run row visible (performance.now() in the page at the first animation frame after the first row entered the DOM); cold = a new browser context with the session cookie only (empty cache), warm = a new tab of the signed-in context.`,
      target, seedBoundMinutes: boundMs / 60_000, seededInAll: stack.state.seeded, seededBefore: before, seed, seedSecondsInAll: stack.state.seedSeconds, seedRunsInAll: stack.state.seedRuns,
      visibility: counts, settled, search, searchWhileSeeding, browser, atTarget,
      goal: 'with 100,000 runs: first page in the browser ≤ 1 s (p50), dossier-number search ≤ 300 ms',
      met: { firstPage: browser.cold.p50 !== null && browser.cold.p50 <= 1000, search: search.trpc.latencyMs.p50 <= 300 && search.rest.latencyMs.p50 <= 300 },
    };
  } finally {
    await stack.stop();
  }
}
