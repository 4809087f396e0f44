import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FailureThrottle, generatePassword, HashGate, passwordWeakness } from '@lienthong/services';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.js';

const LOGIN = '/api/v1/auth/login';

describe('password policy', () => {
  it('refuses short, repetitive, username-bearing and common passwords, and generated ones pass', () => {
    const verdict = (pw: string, user = 'nguyen-van-an') => passwordWeakness(pw, user)?.en ?? 'ok';
    expect({
      short: verdict('Ab1!xyz'), repeated: verdict('aaaaaaaaaaaa'), username: verdict('nguyen-van-an-2026!'), common: verdict('password1234'),
      commonRepeated: verdict('qwertyqwerty'), commonVietnamese: verdict('matkhau123456'), good: verdict('Sông Trà Khúc 2026 mưa'),
    }).toEqual({
      short: 'needs at least 12 characters', repeated: 'needs at least 5 different characters', username: 'must not contain the username',
      common: 'is on the list of common passwords', commonRepeated: 'is on the list of common passwords', commonVietnamese: 'is on the list of common passwords', good: 'ok',
    });
    for (let i = 0; i < 50; i++) expect(passwordWeakness(generatePassword('admin'), 'admin')).toBeNull();
  });
});

describe('login throttling and bounded password hashing (no clock needed)', () => {
  it('locks a key after the free failures, refuses even while right, and unlocks when the lock has passed', () => {
    const t = new FailureThrottle({ free: 5, windowMs: 15 * 60_000, baseLockMs: 60_000, maxLockMs: 15 * 60_000 });
    let now = 1_000_000;
    for (let i = 0; i < 5; i++) { expect(t.retryAfter('an', now)).toBe(0); t.fail('an', now); }
    expect(t.retryAfter('an', now)).toBe(60);
    now += 61_000;
    expect(t.retryAfter('an', now)).toBe(0); // the lock has passed: one more try
    t.fail('an', now);
    expect(t.retryAfter('an', now)).toBe(120); // and another failure doubles it
    t.succeed('an');
    expect(t.retryAfter('an', now)).toBe(0);
    expect(t.retryAfter('someone-else', now)).toBe(0);
  });

  it('hashes one password at a time, queues a few, and refuses the rest with a code', async () => {
    const gate = new HashGate(1, 3);
    let running = 0;
    let most = 0;
    const work = () => gate.run(async () => { running++; most = Math.max(most, running); await new Promise((r) => setTimeout(r, 5)); running--; return 'ok'; });
    const results = await Promise.all(Array.from({ length: 8 }, () => work().catch((e: { code?: string }) => e.code)));
    expect(most).toBe(1);
    expect(results.filter((r) => r === 'ok')).toHaveLength(4);
    expect(results.filter((r) => r === 'AUTH_LOGIN_BUSY')).toHaveLength(4);
  });
});

describe('logging in against a running platform', () => {
  let p: TestPlatform;
  let password: string;
  beforeAll(async () => {
    p = await startTestPlatform();
    const r = await p.request('POST', '/api/v1/users', { username: 'nguoi-dung', roles: [{ role: 'designer' }] });
    password = r.body.password;
  });
  afterAll(async () => { await p?.stop(); });

  it('refuses weak passwords on create and reset with a coded 400 at /password', async () => {
    const attempts = {
      repeated: await p.request('POST', '/api/v1/users', { username: 'yeu-1', password: 'aaaaaaaaaaaa', roles: [{ role: 'designer' }] }),
      username: await p.request('POST', '/api/v1/users', { username: 'yeu-2', password: 'yeu-2-yeu-2-yeu-2', roles: [{ role: 'designer' }] }),
      common: await p.request('POST', '/api/v1/users', { username: 'yeu-3', password: 'password1234', roles: [{ role: 'designer' }] }),
      short: await p.request('POST', '/api/v1/users', { username: 'yeu-4', password: 'Ab1!xyz', roles: [{ role: 'designer' }] }),
      reset: await p.request('POST', '/api/v1/users/nguoi-dung/password', { password: 'nguoi-dung-1234' }),
    };
    for (const [k, r] of Object.entries(attempts)) {
      expect([k, r.status, r.body.error.code, r.body.error.where.pointer]).toEqual([k, 400, 'USER_PASSWORD_WEAK', '/password']);
      expect(r.body.error.message.vi).toMatch(/^Mật khẩu không đạt yêu cầu/);
    }
    expect((await p.request('GET', '/api/v1/users')).body.map((u: { username: string }) => u.username)).not.toContain('yeu-1');
    const good = await p.request('POST', '/api/v1/users', { username: 'manh-1', password: 'Sông Trà Khúc 2026 mưa', roles: [{ role: 'designer' }] });
    expect(good.status).toBe(200);
  });

  it('audits a successful login under the person; a tRPC login gets the session cookie too', async () => {
    await p.login('nguoi-dung', password);
    const viaTrpc = await p.requestAs(null, 'POST', '/trpc/auth.login', { username: 'nguoi-dung', password });
    expect(viaTrpc.status).toBe(200);
    expect(viaTrpc.headers.get('set-cookie')).toMatch(/^lt_session=lts_[^;]+; Path=\/; HttpOnly; SameSite=Strict/);
    const rows = (await p.request('GET', '/api/v1/audit?action=auth.login&outcome=ok')).body as { actorId: string; actorType: string }[];
    expect(rows).toEqual(expect.arrayContaining([expect.objectContaining({ actorId: 'user:nguoi-dung', actorType: 'user' })]));
  });

  it('60 wrong passwords, then the right one: refused with a coded 429 and Retry-After until the lockout passes; audited', async () => {
    const codes: string[] = [];
    for (let i = 0; i < 60; i++) codes.push((await p.requestAs(null, 'POST', LOGIN, { username: 'nguoi-dung', password: `sai-mat-khau-${i}` })).body.error.code);
    expect(codes.slice(0, 5)).toEqual(Array(5).fill('AUTH_LOGIN_FAILED'));
    expect(new Set(codes.slice(5))).toEqual(new Set(['AUTH_LOGIN_THROTTLED']));
    const right = await p.requestAs(null, 'POST', LOGIN, { username: 'nguoi-dung', password });
    expect([right.status, right.body.error.code]).toEqual([429, 'AUTH_LOGIN_THROTTLED']);
    expect(Number(right.headers.get('retry-after'))).toBeGreaterThan(0);
    const viaTrpc = await p.requestAs(null, 'POST', '/trpc/auth.login', { username: 'nguoi-dung', password });
    expect([viaTrpc.status, viaTrpc.body.error.data.errors[0].code]).toEqual([429, 'AUTH_LOGIN_THROTTLED']);
    const rows = (await p.request('GET', '/api/v1/audit?action=auth.login&outcome=refused&limit=200')).body as { actorId: string; code: string }[];
    expect(rows.filter((r) => r.actorId === 'login:nguoi-dung' && r.code === 'AUTH_LOGIN_THROTTLED').length).toBeGreaterThan(0);
    // An administrator's reset lifts the lockout (the new password is shown once).
    const reset = await p.request('POST', '/api/v1/users/nguoi-dung/password', {});
    expect((await p.requestAs(null, 'POST', LOGIN, { username: 'nguoi-dung', password: reset.body.password })).status).toBe(200);
  });

  it('40 parallel logins all get an answer, none a 5xx', async () => {
    const answers = await Promise.all(Array.from({ length: 40 }, () => p.requestAs(null, 'POST', LOGIN, { username: 'admin', password: p.adminPassword })));
    const statuses = answers.map((a) => a.status);
    expect(statuses.every((s) => s === 200 || (s === 429 && answers.some((a) => a.body?.error?.code === 'AUTH_LOGIN_BUSY')))).toBe(true);
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThan(0);
  });

  it('many usernames from one address: the address is throttled too', async () => {
    const codes: string[] = [];
    for (let i = 0; i < 40; i++) codes.push((await p.requestAs(null, 'POST', LOGIN, { username: `khong-co-${i}`, password: 'doan-bua-123456' })).body.error.code);
    expect(codes).toContain('AUTH_LOGIN_THROTTLED');
    // Even a right password from that address waits (Retry-After), for any account.
    const admin = await p.requestAs(null, 'POST', LOGIN, { username: 'admin', password: p.adminPassword });
    expect([admin.status, admin.body.error.code]).toEqual([429, 'AUTH_LOGIN_THROTTLED']);
    expect(Number(admin.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
