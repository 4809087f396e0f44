import { LtError } from '@lienthong/errors';
import { createAuditService, createUserService, ROLES } from '@lienthong/services';
import type { RoleGrant, RoleName } from '@lienthong/db';
import { openDatabase, parseFlags } from './db.js';

const usage = `lienthong user create <username> --role <role>[:<agency code>] [--role …] [--name "<display name>"]
lienthong user list
lienthong user password <username>        đặt lại mật khẩu / reset the password (a new one is printed once)
lienthong user disable <username>

  vai trò / roles: ${ROLES.join(', ')}
`;

/** `lienthong user …`: accounts from the command line (stop a PGlite-backed platform first: one process per data dir). */
export async function userCommand(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  const { positional, flags } = parseFlags(rest);
  const username = positional[0];
  if (!sub || (sub !== 'list' && !username)) { process.stdout.write(usage); return 2; }
  const db = await openDatabase();
  try {
    const users = createUserService(db.db);
    const audit = createAuditService(db.db);
    const by = { actorType: 'platform' as const, actorId: `cli:${process.env.USER ?? 'unknown'}` };
    switch (sub) {
      case 'create': {
        const roles: RoleGrant[] = (flags.role ?? []).map((r) => {
          const [role, agency] = r.split(':', 2) as [RoleName, string | undefined];
          return agency ? { role, agency } : { role };
        });
        if (roles.length === 0) { process.stdout.write(usage); return 2; }
        const r = await users.create({ username: username as string, roles, ...(flags.name?.[0] ? { displayName: flags.name[0] } : {}) });
        await audit.record({ ...by, action: 'users.create', outcome: 'ok', detail: { username, roles } });
        process.stdout.write(`Đã tạo / created ${r.user.username} (${roles.map((g) => g.agency ? `${g.role}:${g.agency}` : g.role).join(', ')})\n`);
        if (r.password) process.stdout.write(`Mật khẩu (chỉ hiện một lần) / password (shown once): ${r.password}\n`);
        return 0;
      }
      case 'password': {
        const r = await users.setPassword(username as string);
        await audit.record({ ...by, action: 'users.setPassword', outcome: 'ok', detail: { username } });
        process.stdout.write(`Mật khẩu mới (chỉ hiện một lần) / new password (shown once): ${r.password ?? ''}\n`);
        return 0;
      }
      case 'disable': {
        await users.update(username as string, { status: 'disabled' });
        await audit.record({ ...by, action: 'users.update', outcome: 'ok', detail: { username, status: 'disabled' } });
        process.stdout.write(`Đã khóa / disabled ${username}\n`);
        return 0;
      }
      case 'list':
        for (const u of await users.list()) process.stdout.write(`${u.username}\t${u.status}\t${u.roles.map((g) => g.agency ? `${g.role}:${g.agency}` : g.role).join(',')}\t${u.displayName}\n`);
        return 0;
      default:
        process.stdout.write(usage);
        return 2;
    }
  } catch (err) {
    if (err instanceof LtError) { process.stderr.write(`${err.code}: ${err.messageVi} / ${err.message}\n`); return 1; }
    throw err;
  } finally {
    await db.close();
  }
}
