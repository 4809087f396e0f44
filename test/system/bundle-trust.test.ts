import { execFile } from 'node:child_process';
import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalJson, sha256Hex } from '@lienthong/flow';
import type { RunBundle } from '@lienthong/services';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.js';

const cli = fileURLToPath(new URL('../../apps/cli/dist/main.js', import.meta.url));
const input = { dossierNo: `000.25.94.H48-260115-${String(Math.floor(1000 + Math.random() * 8999))}`, procedureCode: '1.001193.000.00.00.H48', officerId: '051085000111',
  applicant: { soDinhDanh: '051302000888', hoVaTen: 'LÊ VĂN TÁM', ngaySinh: '19880312' } };

type Events = { events: { eventTime?: string }[] };

/**
 * What a forger with the bundle and no access to the platform's key can do: change the history (here, every event's
 * time moved a day earlier — replay still agrees, so only the signature can tell), recompute the digest and sign again
 * with a key of their own, carried in the bundle.
 */
function forge(genuine: RunBundle): RunBundle {
  const history = structuredClone(genuine.history) as Events;
  for (const e of history.events) if (e.eventTime) e.eventTime = new Date(Date.parse(e.eventTime) - 86_400_000).toISOString();
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const unsigned = { ...genuine, history, historySha256: sha256Hex(canonicalJson(history)) };
  const signed = Buffer.from(canonicalJson({ format: unsigned.format, runId: unsigned.runId, exportedAt: unsigned.exportedAt, flow: unsigned.flow, historySha256: unsigned.historySha256 }));
  return { ...unsigned, signature: { alg: 'Ed25519', publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString(), value: sign(null, signed, privateKey).toString('base64') } };
}

describe('an auditor trusts a bundle only against the platform\'s published key', () => {
  let p: TestPlatform;
  let auditorEnv: NodeJS.ProcessEnv;
  let dir: string;
  let runId: string;
  // Asynchronously: the platform answering the CLI runs in this test's process.
  const lienthong = (...args: string[]) => new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
    execFile(process.execPath, [cli, ...args], { env: auditorEnv, encoding: 'utf8', timeout: 120_000 }, (err, stdout, stderr) => {
      resolve({ status: err ? (typeof err.code === 'number' ? err.code : null) : 0, stdout, stderr });
    });
  });
  const replay = async (file: string, ...args: string[]) => {
    const r = await lienthong('replay', file, ...args);
    // The report is pretty-printed JSON ending in a line "}", then one summary line for people.
    const end = r.stdout.indexOf('\n}\n') + 2;
    if (end < 2) throw new Error(`no report: ${r.stdout}${r.stderr}`);
    return { status: r.status, report: JSON.parse(r.stdout.slice(0, end)), summary: r.stdout.slice(end).trim() };
  };

  beforeAll(async () => {
    p = await startTestPlatform();
    const created = await p.request('POST', '/api/v1/users', { username: 'kiem-toan-khoa', roles: [{ role: 'auditor' }] });
    expect(created.status).toBeLessThan(300);
    // The auditor's tools: the platform's address and the auditor's own account, as the CLI takes them; the master key
    // only to decrypt the payloads it replays.
    auditorEnv = { ...process.env, LT_API_URL: p.apiUrl, LT_API_USER: 'kiem-toan-khoa', LT_API_PASSWORD: created.body.password, LT_MASTER_KEY: p.masterKey };
    const run = await p.request('POST', '/api/v1/flows/xac-thuc-cong-dan/runs', input);
    expect(run.body.status).toBe('completed');
    runId = run.body.runId;
    dir = mkdtempSync(join(tmpdir(), 'lt-trust-'));
  });
  afterAll(async () => { await p?.stop(); });

  it('publishes its signing key and fingerprint to anyone, and `lienthong export` fetches the bundle through the API', async () => {
    const key = await p.requestAs(null, 'GET', '/api/v1/audit/signing-key');
    expect(key.status).toBe(200);
    expect(key.body.alg).toBe('Ed25519');
    expect(key.body.publicKey).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    // SHA-256 of the key's SPKI DER, in groups of four hex digits.
    const der = Buffer.from(key.body.publicKey.replace(/-----[A-Z ]+-----|\s/g, ''), 'base64');
    expect(key.body.fingerprint.replaceAll(' ', '')).toBe(createHash('sha256').update(der).digest('hex').toUpperCase());
    expect(key.body.fingerprint).toMatch(/^([0-9A-F]{4} ){15}[0-9A-F]{4}$/);
    writeFileSync(join(dir, 'platform.pem'), key.body.publicKey);

    const exported = await lienthong('export', runId, '-o', join(dir, 'genuine.json'), '--platform', p.apiUrl);
    expect(exported.stderr).toBe('');
    expect(exported.status).toBe(0);
    const bundle = JSON.parse(readFileSync(join(dir, 'genuine.json'), 'utf8')) as RunBundle;
    expect(bundle).toMatchObject({ runId, flow: { key: 'xac-thuc-cong-dan' } });
    expect(bundle.signature.publicKey).toBe(key.body.publicKey);
    writeFileSync(join(dir, 'forged.json'), JSON.stringify(forge(bundle)));
  });

  it('a genuine bundle is verified against the key fetched from the platform', async () => {
    const r = await replay(join(dir, 'genuine.json'), '--platform', p.apiUrl);
    expect(r.report).toMatchObject({ verified: true, intact: true, signer: 'verified', deterministic: true, problems: [] });
    expect(r.summary).toContain('người ký đã xác minh');
    expect(r.status).toBe(0);
  });

  it('without a pinned key the signer is reported UNVERIFIED, not valid, even for the genuine bundle', async () => {
    const r = await replay(join(dir, 'genuine.json'));
    expect(r.report).toMatchObject({ verified: false, intact: true, signer: 'unverified', deterministic: true });
    expect(r.summary).toContain('signer UNVERIFIED');
    expect(r.summary).not.toContain('chữ ký hợp lệ');
    expect(r.status).toBe(3);
  });

  it('a history altered, re-hashed and re-signed with a stranger\'s key is REFUSED against the platform key, and unverified without it', async () => {
    const pinned = await replay(join(dir, 'forged.json'), '--public-key', join(dir, 'platform.pem'));
    expect(pinned.report).toMatchObject({ verified: false, signer: 'refused' });
    expect(pinned.report.problems).toContain('signed with another key');
    expect(pinned.summary).toContain('REFUSED');
    expect(pinned.summary).toContain('signed with another key');
    expect(pinned.status).toBe(1);

    // Unpinned, the forgery is self-consistent: all that can be said is that nobody known signed it.
    const unpinned = await replay(join(dir, 'forged.json'));
    expect(unpinned.report).toMatchObject({ verified: false, intact: true, signer: 'unverified' });
    expect(unpinned.report.embeddedKeyFingerprint).not.toBe(pinned.report.pinnedKeyFingerprint);
    expect(unpinned.summary).toContain('UNVERIFIED');
    expect(unpinned.status).not.toBe(0);
  });
});
