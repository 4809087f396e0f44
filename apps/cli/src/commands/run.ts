// `lienthong run <flowKey> --input <file> [--wait] [--lang en]`: starts a run through the API.
import { callApi, defaultIo, langOf, parseArgs, printApiErrors, readJsonFile, formatProblem, type CliIo } from './flow.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function runCommand(args: string[], io: CliIo = defaultIo): Promise<number> {
  const { positional, options } = parseArgs(args, ['wait']);
  const lang = langOf(options);
  const flowKey = positional[0];
  if (!flowKey) { io.err('Cách dùng / usage: lienthong run <flowKey> [--input <file>] [--wait] [--lang en]'); return 2; }
  let input: unknown = {};
  if (typeof options.input === 'string') {
    const read = readJsonFile(options.input);
    if (!read.ok) { io.err(`${options.input}:`); io.err(formatProblem(read.error, lang)); return 1; }
    input = read.value;
  }
  const started = await callApi(io, 'POST', `/flows/${encodeURIComponent(flowKey)}/runs?wait=0s`, input);
  if (started.status >= 300) { printApiErrors(io, started.status, started.body, lang); return 1; }
  const runId = String(started.body.runId);
  io.out(lang === 'vi' ? `Lượt chạy ${runId} — ${flowKey} phiên bản ${started.body.version}` : `Run ${runId} — ${flowKey} version ${started.body.version}`);
  if (options.wait !== true) {
    io.out(lang === 'vi' ? `Đang chạy; xem: GET /api/v1/runs/${runId}` : `Running; see GET /api/v1/runs/${runId}`);
    return 0;
  }
  for (;;) {
    const run = await callApi(io, 'GET', `/runs/${encodeURIComponent(runId)}`);
    if (run.status >= 300) { printApiErrors(io, run.status, run.body, lang); return 1; }
    const status = String(run.body.status);
    if (status === 'running') { await sleep(500); continue; }
    if (status === 'completed') {
      io.out(lang === 'vi' ? '✓ Hoàn thành. Kết quả:' : '✓ Completed. Output:');
      io.out(JSON.stringify(run.body.output ?? null, null, 2));
      return 0;
    }
    io.err(lang === 'vi' ? `✗ Lượt chạy kết thúc: ${status}` : `✗ The run ended: ${status}`);
    if (run.body.error) io.err(formatProblem(run.body.error, lang));
    return 1;
  }
}
