#!/usr/bin/env node
import { start } from './start.js';
import { platformProcess } from './platform-process.js';
import { flowCommand } from './commands/flow.js';
import { runCommand } from './commands/run.js';
import { exportCommand, replayCommand } from './commands/replay.js';
import { backupCommand, restoreCommand } from './commands/backup.js';
import { auditCommand } from './commands/audit.js';
import { userCommand } from './commands/user.js';
import { retentionCommand } from './commands/retention.js';
import { connectionCommand } from './commands/connection.js';
import { clusterCommand } from './commands/cluster.js';
import { roleCommand } from './roles.js';

const usage = `lienthong <command>

  start                 Khởi động toàn bộ nền tảng / start everything (Temporal, DB, simulators, worker, API, designer)
  api                   Một tiến trình API (bố trí nhiều tiến trình) / one API process of the multi-process layout
  worker                Một tiến trình worker / one worker process (TEMPORAL_ADDRESS, DATABASE_URL, LT_MASTER_KEY; docs/deploy.md)
  flow validate <file>  Kiểm tra tài liệu luồng, liệt kê mọi lỗi / validate a flow document, every problem listed [--lang en]
  flow publish <file>   Phát hành phiên bản mới qua API / publish a new version through the API
                        (LT_API_URL; LT_API_TOKEN or LT_API_USER + LT_API_PASSWORD)
  run <flowKey>         Chạy luồng / start a run: --input <file> [--wait]
  export <runId> [-o f] Xuất gói bằng chứng của lượt chạy / export a run's signed evidence bundle
                        (qua API khi nền tảng đang chạy / through the API while the platform runs, or --platform <url>)
  replay <bundle>       Kiểm tra chữ ký và phát lại lịch sử / verify and replay a run bundle
                        [--public-key <pem> | --platform <url>] (không có: người ký CHƯA XÁC MINH / none: signer UNVERIFIED)
                        [--workflows <workflows entry of a worker build>]
  backup [-o file]      Sao lưu cơ sở dữ liệu (mã hóa) / encrypted database backup, under its own key:
                        LT_BACKUP_PASSPHRASE, --passphrase-file <f>, --key-file <f> (base64, 32 bytes) or the prompt
  restore <file>        Khôi phục vào bản cài mới / restore into a fresh install (before start), the same key options
  user         Tài khoản / accounts: user create <name> --role <role>[:<agency>], list, password, disable
  audit        Nhật ký / audit log: audit verify, audit export [--format csv|json]
  connection   Kết nối / connections: connection list, test <id>, rotate <id> [--client-cert f --client-key f --ca f --proxy url --set k=v]
  retention sweep       Lưu trữ lượt chạy xong, hủy dữ liệu hết hạn lưu trữ / archive finished runs, destroy data past retention
  cluster install|start Cụm Temporal nhiều tiến trình trên PostgreSQL / a multi-process Temporal cluster on PostgreSQL (docs/deploy.md)
`;

/** Each command, given the arguments after its name. */
const commands: Record<string, (args: string[]) => Promise<number>> = {
  start: () => start(),
  _platform: platformProcess, // the process `start` supervises (not for direct use)
  api: () => roleCommand('api'),
  worker: () => roleCommand('worker'),
  flow: flowCommand, run: runCommand, export: exportCommand, replay: replayCommand, backup: backupCommand, restore: restoreCommand,
  user: userCommand, audit: auditCommand, retention: retentionCommand, connection: connectionCommand,
  cluster: clusterCommand,
};

async function main(argv: string[]): Promise<number> {
  const [cmd, ...args] = argv;
  // Whatever a command writes (database files, keys, backups, bundles) is for the platform's user only.
  process.umask(0o077);
  const command = cmd !== undefined && Object.hasOwn(commands, cmd) ? commands[cmd] : undefined;
  if (command) return command(args);
  process.stdout.write(usage);
  return cmd === undefined || cmd === 'help' || cmd === '--help' ? 0 : 2;
}

main(process.argv.slice(2)).then((code) => { process.exitCode = code; }, (err: unknown) => {
  process.stderr.write(`Lỗi / Error: ${(err as Error).message}\n`);
  process.exitCode = 1;
});
