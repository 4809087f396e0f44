#!/usr/bin/env node
import { start } from './start.js';

const usage = `lienthong <command>

  start        Khởi động toàn bộ nền tảng / start everything (Temporal, DB, simulators, worker, API, designer)
`;

async function main(argv: string[]): Promise<number> {
  const [cmd] = argv;
  switch (cmd) {
    case 'start':
      return start();
    default:
      process.stdout.write(usage);
      return cmd === undefined || cmd === 'help' || cmd === '--help' ? 0 : 2;
  }
}

main(process.argv.slice(2)).then((code) => { process.exitCode = code; }, (err: unknown) => {
  process.stderr.write(`Lỗi / Error: ${(err as Error).message}\n`);
  process.exitCode = 1;
});
