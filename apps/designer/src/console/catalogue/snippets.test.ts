import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { clientSnippet, curlSnippet } from './snippets.js';

const input = { hoVaTen: "NGUYỄN VĂN A'B", ghiChu: 'có "ngoặc" và $HOME, `lệnh`' };
const o = { origin: 'https://lienthong.example.gov.vn', flowKey: 'xac-thuc-cong-dan', input, sync: true };

describe('the flow catalogue\'s example calls', () => {
  it('curl sends exactly the example input to the flow, signed with the keys from the environment, whatever characters the input holds', () => {
    // A stand-in curl prints its arguments one per line: what bash hands the real curl.
    const script = `curl() { printf '%s\\n' "$@"; }\n${curlSnippet(o).split('\n').filter((l) => !l.startsWith('export ')).join('\n')}`;
    const args = execFileSync('bash', ['-c', script], { env: { PATH: process.env.PATH ?? '', LT_ACCESS_KEY_ID: 'AKID', LT_SECRET_KEY: 'SECRET' }, encoding: 'utf8' }).split('\n');
    expect(JSON.parse(args[args.indexOf('--data-binary') + 1] ?? '')).toEqual(input);
    expect(args).toContain('--aws-sigv4');
    expect(args[args.indexOf('--user') + 1]).toBe('AKID:SECRET');
    expect(args).toContain('https://lienthong.example.gov.vn/api/v1/flows/xac-thuc-cong-dan/runs?wait=30s');
  });

  it('holds placeholders for the keys, never a value', () => {
    for (const text of [curlSnippet(o), clientSnippet(o)]) {
      expect(text).toMatch(/LT_SECRET_KEY/);
      expect(text).not.toMatch(/secretKey: '[^']/);
    }
    expect(clientSnippet({ ...o, sync: false })).toContain('wait: "0s"');
  });
});
