import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../../apps/cli/dist/main.js', import.meta.url));

/** One process of the multi-process layout (docs/deploy.md), with everything it printed so far and its exit. */
export interface RoleProcess { child: ChildProcess; out: string[]; exit: Promise<number | null> }

/** Starts `lienthong api` or `lienthong worker` as its own process; resolves once its output matches `ready` (90 s at most). */
export function startRoleProcess(role: 'api' | 'worker', env: NodeJS.ProcessEnv, ready: RegExp): Promise<RoleProcess> {
  const child = spawn(process.execPath, [cli, role], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const out: string[] = [];
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${role} not ready: ${out.join('')}`)), 90_000);
    const onData = (b: Buffer) => {
      out.push(b.toString());
      if (ready.test(out.join(''))) { clearTimeout(timer); resolve({ child, out, exit }); }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    void exit.then((code) => { clearTimeout(timer); reject(new Error(`${role} exited ${String(code)}: ${out.join('')}`)); });
  });
}
