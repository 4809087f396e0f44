// docs/benchmarks.md: benchmark 5 (side by side with n8n) and its rows in the Goals table, from bench/results/n8n.json.
import { n8nGoals } from './n8n-goals.js';
const f = (x) => (x === null || x === undefined ? '–' : typeof x === 'number' ? x.toLocaleString('en-US', { maximumFractionDigits: 1 }) : String(x));
const verdict = (met) => (met === null ? 'not measured' : met ? '**met**' : '**missed**');
const PROCS = ['platform', 'platformWithoutDatabase', 'database', 'temporal', 'postgres', 'n8n', 'simulators', 'loadGenerator'];

/** Goals rows (Done-when 2 of issue 20); an older result without goals gives none. */
export function n8nGoalRows(result) {
  if (!result) return [];
  if (result.ran === false && !result.systems) return ['| Benchmark 5 (n8n side by side) | not measured (see below) | |'];
  // Computed from the measured systems (not read from the file), so a correction of the goal's rule reaches the report.
  return (result.systems ? n8nGoals(result.systems) : []).map((g) => `| ${g.goal} (benchmark 5) | ${g.measured} | ${verdict(g.met)} |`);
}

function cell(s) {
  if (!s) return '–';
  const errs = s.errors ? `, ${f(s.errors)} errors` : '';
  return `${f(s.answersPerSec)} (${f(s.latencyMs.p50)}; p99 ${f(s.latencyMs.p99)}${errs})`;
}

/** The section's lines, or none when benchmark 5 has not run. */
export function n8nSection(record) {
  if (!record) return [];
  const x = record.result;
  const L = ['', '## 5. Side by side with n8n', ''];
  if (!x.systems) {
    L.push(x.ran === false ? `Not measured: ${x.reason}` : 'An older result format: rerun `npm run bench -- --only=n8n`.');
    return L;
  }
  const when = `${record.machine.date.slice(0, 16).replace('T', ' ')} UTC`;
  L.push(`**Tiếng Việt.** Một lần chạy, bốn hệ thống lần lượt (hệ thống trước dừng hẳn rồi mới khởi động hệ thống sau), cùng máy 2 vCPU, cùng bộ giả lập; công cụ tạo tải \`hey\` chạy thành tiến trình riêng (kết nối giữ mở, vòng kín), mỗi bậc ${x.stepSeconds} s ở c = ${x.steps.join(', ')}. Liên Thông nhận tải bằng phiên đăng nhập của một cán bộ vận hành (\`Authorization: Bearer\`): \`hey\` gửi lặp lại đúng một yêu cầu, còn API từ chối chữ ký SigV4 dùng lại (AUTH_REPLAY). Vì vậy số đo **không gồm** việc kiểm chữ ký SigV4 cho từng yêu cầu (HMAC, tra khóa, ghi chống phát lại) mà một hệ thống của cơ quan phải chịu. CPU mỗi lượt = thời gian CPU (utime + stime, kể cả luồng và tiến trình con) của từng tiến trình trong bậc đó chia cho số câu trả lời. Số đo lúc ${when}; tải trung bình của máy ghi ở từng bậc.`);
  L.push('', `**English.** ${x.method} Load generator: ${x.loadGenerator}. Authentication: ${x.auth} This leaves out the per-request SigV4 verification (HMAC, key lookup, replay-claim write) an agency system's requests pay. Measured ${when}.`);
  if (x.fallbackReason) L.push('', `n8n ${x.version} was measured instead of the newest that accepts Node 20, which could not run here: \`${x.fallbackReason.slice(0, 600)}\``);
  L.push('', `| answers/s (p50 ms; p99 ms) | ${x.steps.map((c) => `c=${c}`).join(' | ')} |`, `|---|${x.steps.map(() => '---').join('|')}|`);
  for (const s of Object.values(x.systems)) {
    if (!s.ran) { L.push(`| ${s.label} | not measured: ${s.reason.slice(0, 300).replace(/\|/g, '\\|').replace(/\n/g, ' ')} |${x.steps.slice(1).map(() => ' |').join('')}`); continue; }
    L.push(`| ${s.label}${s.setup?.version ? ` ${s.setup.version}` : ''} | ${x.steps.map((c) => cell(s.steps[`c=${c}`])).join(' | ')} |`);
  }
  L.push('', 'CPU ms per answered run, per process (threads and children included; PostgreSQL with its backends; n8n with its task runner; `database` = the PGlite thread inside the platform process, `platformWithoutDatabase` = the platform less that thread), and the load average (1 min) before → after each step:', '');
  L.push(`| System | step | ${PROCS.join(' | ')} | errors | load average |`, `|---|---|${PROCS.map(() => '---').join('|')}|---|---|`);
  for (const s of Object.values(x.systems)) {
    if (!s.ran) continue;
    for (const c of x.steps) {
      const st = s.steps[`c=${c}`];
      if (!st) continue;
      const errs = st.errors ? `${f(st.errors)} ${JSON.stringify({ ...st.errorKinds, ...Object.fromEntries(Object.entries(st.statuses).filter(([k]) => k !== '200').map(([k, v]) => [`http_${k}`, v])) })}` : '0';
      L.push(`| ${s.label} | c=${c} | ${PROCS.map((p) => f(st.cpuMsPerRun[p])).join(' | ')} | ${errs.replace(/\|/g, '\\|')} | ${st.loadAverage.before[0]} → ${st.loadAverage.after[0]} |`);
    }
  }
  L.push('', 'Liên Thông ghi lịch sử bền vững, mã hóa, cho từng bước trước khi trả lời và tiếp tục lượt chạy dở sau sự cố; n8n lưu mỗi lượt chạy vào SQLite khi kết thúc (mặc định) hoặc sau từng nút (chế độ lưu tiến độ), và không tiếp tục lượt chạy dở. / Liên Thông records every step durably (Temporal history, encrypted) before answering and resumes a half-done run after a crash; n8n saves each execution to SQLite when it ends (default) or after every node (progress-saving), and does not resume a half-done execution.');
  L.push('', `n8n ${x.version} is installed by the benchmark with \`npm install n8n@${x.version}\` in a scratch folder outside the repository (its \`engines\`: Node ">=20.19 <= 24.x"), with the npm override \`xlsx@0.18.5\` (n8n's own \`xlsx\` is a tarball on cdn.sheetjs.com, unreachable from a registry-only network; only its spreadsheet node uses it) and sqlite3 built against the local Node headers. \`hey\` comes from Debian: the benchmark installs it (\`apt-get install -y --no-install-recommends hey\`) when run as root, otherwise it stops and says so.`);
  return L;
}
