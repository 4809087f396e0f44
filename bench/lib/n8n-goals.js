// Issue 20, Done-when 2: the goals benchmark 5 is judged by, computed from its measured systems.
const LT = ['lienthong-pglite', 'lienthong-postgres'];
const SHORT = { 'lienthong-pglite': 'PGlite', 'lienthong-postgres': 'PostgreSQL' };
// c=200 is left out of CPU per run: runs still queued when a 30 s answer budget ends are answered 202, so their CPU
// lands on fewer answers.
const CPU_STEPS = ['c=1', 'c=10', 'c=50'];

const ran = (systems, name) => (systems[name]?.ran ? systems[name] : null);
const fmt = (x) => (x === null || x === undefined ? '–' : x.toLocaleString('en-US', { maximumFractionDigits: 1 }));

function cpuGoal(systems, proc, limit, title) {
  const parts = []; let met = true; let any = false;
  for (const name of LT) {
    const s = ran(systems, name);
    if (!s) continue;
    // The platform is judged without its embedded database's thread (PostgreSQL's CPU is not in the platform either).
    const xs = CPU_STEPS.map((c) => { const cpu = s.steps[c]?.cpuMsPerRun; return (proc === 'platform' ? cpu?.platformWithoutDatabase ?? cpu?.platform : cpu?.[proc]) ?? null; });
    const own = xs.every((x) => x === null || x <= limit);
    parts.push(`${SHORT[name]} ${xs.map(fmt).join(' / ')} ms (${own ? 'met' : 'missed'})`);
    for (const x of xs) if (x !== null) { any = true; if (x > limit) met = false; }
  }
  return { goal: `${title} ≤ ${limit} ms CPU per lookup run (c=1 / c=10 / c=50)`, measured: parts.join('; ') || 'not measured', met: any ? met : null };
}

/** One row per goal; the verdict is met only when every measured Liên Thông configuration meets it (each is marked too). */
export function n8nGoals(systems) {
  const goals = [cpuGoal(systems, 'platform', 15, 'Platform process (without the embedded database\'s thread)'), cpuGoal(systems, 'temporal', 12, 'Temporal server')];
  const p50 = []; let p50met = true; let p50any = false;
  for (const name of LT) {
    const x = ran(systems, name)?.steps['c=1']?.latencyMs?.p50;
    if (x === undefined || x === null) continue;
    p50any = true; if (x > 20) p50met = false;
    p50.push(`${SHORT[name]} ${fmt(x)} ms (${x <= 20 ? 'met' : 'missed'})`);
  }
  goals.push({ goal: 'Sync lookup p50 at c=1 ≤ 20 ms', measured: p50.join('; ') || 'not measured', met: p50any ? p50met : null });
  const def = ran(systems, 'n8n-default'); const prog = ran(systems, 'n8n-progress');
  for (const c of ['c=10', 'c=50']) {
    const d = def?.steps[c]?.answersPerSec; const p = prog?.steps[c]?.answersPerSec;
    const parts = []; let met = true; let any = false;
    for (const name of LT) {
      const x = ran(systems, name)?.steps[c]?.answersPerSec;
      if (x === undefined || d === undefined || p === undefined) continue;
      any = true;
      const own = x >= p && x >= 0.75 * d;
      if (!own) met = false;
      parts.push(`${SHORT[name]} ${fmt(x)}/s (${own ? 'met' : 'missed'})`);
    }
    goals.push({ goal: `Answers/s at ${c} ≥ n8n progress-saving and ≥ 0.75 × n8n default`, measured: any ? `${parts.join(', ')} vs n8n progress ${fmt(p)}/s, 0.75 × default ${fmt(0.75 * d)}/s` : 'not measured', met: any ? met : null });
  }
  return goals;
}
