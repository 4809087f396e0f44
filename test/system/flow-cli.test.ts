import { execFile } from 'node:child_process';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.js';
import { flow } from './flow-docs.js';

const main = fileURLToPath(new URL('../../apps/cli/dist/main.js', import.meta.url));
const example = fileURLToPath(new URL('../../examples/dieu-phoi-ho-so.json', import.meta.url));

/** Runs the real `lienthong` CLI as a user would. */
function lienthong(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [main, ...args], { env: { ...process.env, ...env } }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
  });
}

const dir = mkdtempSync(join(tmpdir(), 'lt-cli-'));
const file = (name: string, value: unknown) => { const p = join(dir, name); writeFileSync(p, typeof value === 'string' ? value : JSON.stringify(value)); return p; };

describe('lienthong flow validate', () => {
  it('exits 0 for a valid flow', async () => {
    const r = await lienthong(['flow', 'validate', example]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('hợp lệ');
  });

  it('exits 1 listing every problem, in Vietnamese by default and in English with --lang en', async () => {
    const broken = file('broken.json', flow('hong', {
      a: { kind: 'transform', expression: '$nodes.q.output' },
      b: { kind: 'delay' },
      c: { kind: 'call', connector: { id: 'ngsp:population:verifyCitizen', version: '1.0.0' }, input: { citizenId: '$input.id' } },
    }, [['start', 'a'], ['a', 'b', 'zz'], ['start', 'c']]));
    const vi = await lienthong(['flow', 'validate', broken]);
    expect(vi.code).toBe(1);
    const codes = ['FLOW_COMPILE_UNKNOWN_NODE_REF', 'FLOW_COMPILE_DELAY_SPEC', 'FLOW_COMPILE_BAD_HANDLE', 'FLOW_COMPILE_UNREACHABLE', 'FLOW_COMPILE_INPUT_MISSING'];
    for (const c of codes) expect(vi.stderr).toContain(c);
    expect(vi.stderr).toContain('không có nút q');
    const en = await lienthong(['flow', 'validate', broken, '--lang', 'en']);
    expect(en.code).toBe(1);
    expect(en.stderr).toContain('there is no node q');
    expect(en.stderr).toMatch(/problems/);
  });

  it('exits 1 for a file that is not JSON', async () => {
    const r = await lienthong(['flow', 'validate', file('not.json', '{ "key": ')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('REQUEST_INVALID_JSON');
  });
});

describe('lienthong flow publish and lienthong run against the API', () => {
  let p: TestPlatform;
  beforeAll(async () => { p = await startTestPlatform(); });
  afterAll(async () => { await p?.stop(); });

  it('publishes a version, then runs it and waits for the output', async () => {
    const env = { LT_API_URL: p.apiUrl, LT_API_USER: 'admin', LT_API_PASSWORD: p.adminPassword };
    const doc = file('chao.json', flow('chao-hoi', { done: { kind: 'end', output: "{ 'greeting': 'Xin chào ' & $input.name }" } }, [['start', 'done']]));
    const pub = await lienthong(['flow', 'publish', doc], env);
    expect(pub.code).toBe(0);
    expect(pub.stdout).toContain('chao-hoi phiên bản 1');
    const run = await lienthong(['run', 'chao-hoi', '--input', file('input.json', { name: 'An' }), '--wait'], env);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('"greeting": "Xin chào An"');
    const anonymous = await lienthong(['flow', 'publish', doc], { LT_API_URL: p.apiUrl });
    expect(anonymous.code).toBe(1);
    expect(anonymous.stderr).toContain('HTTP 401');
  });

  it('refuses to publish a broken flow (exit 1, every problem listed) and reports an unknown flow', async () => {
    const env = { LT_API_URL: p.apiUrl, LT_API_USER: 'admin', LT_API_PASSWORD: p.adminPassword };
    const broken = file('broken2.json', flow('hong-2', { a: { kind: 'delay' } }, [['start', 'a']]));
    const pub = await lienthong(['flow', 'publish', broken, '--lang', 'en'], env);
    expect(pub.code).toBe(1);
    expect(pub.stderr).toContain('FLOW_COMPILE_DELAY_SPEC');
    const run = await lienthong(['run', 'khong-co', '--wait'], env);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('FLOW_NOT_FOUND');
  });
});
