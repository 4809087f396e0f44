/** Prefixed, coloured log lines per component, so one terminal shows every part of the platform. */
const colours: Record<string, number> = { temporal: 35, db: 34, simulators: 33, worker: 36, api: 32, designer: 95, start: 37 };

export type Logger = (line: string) => void;

export function logger(name: string): Logger {
  const c = colours[name] ?? 37;
  const tty = process.stdout.isTTY;
  const prefix = tty ? `\x1b[${c}m[${name.padEnd(10)}]\x1b[0m` : `[${name.padEnd(10)}]`;
  return (line: string) => {
    for (const l of line.split('\n')) process.stdout.write(`${prefix} ${l}\n`);
  };
}
