import type { TestPlatform } from './platform.js';

export type Role = { role: string; agency?: string };

/** Creates a user with these roles (as the admin; the platform generates the password) and returns its session token. */
export async function sessionOfNewUser(p: TestPlatform, username: string, roles: Role[]): Promise<string> {
  const created = await p.request('POST', '/api/v1/users', { username, roles });
  if (created.status >= 300) throw new Error(`creating user ${username}: ${created.status} ${JSON.stringify(created.body)}`);
  return p.login(username, created.body.password as string);
}
