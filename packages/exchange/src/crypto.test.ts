import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { masterKeyFrom } from '@lienthong/db';
import { createSealer, newContentKey, openContent, sealContent, sha256Hex, unwrapKey, wrapKey } from './crypto.js';

describe('exchange content sealing', () => {
  const content = Buffer.from('{"hoSo":"Hồ sơ đăng ký kinh doanh","soTrang":12}', 'utf8');

  it('opens what it sealed, and the sealed form does not show the content', () => {
    const key = newContentKey();
    const sealed = sealContent(content, key, 'ex-1');
    expect(openContent(sealed, key, 'ex-1').equals(content)).toBe(true);
    expect(Buffer.from(sealed, 'base64').includes(content)).toBe(false);
    expect(sealContent(content, key, 'ex-1')).not.toBe(sealed); // a fresh IV each time
  });

  it('a streamed seal, chunk by chunk, opens to the same bytes', () => {
    const key = newContentKey();
    const big = randomBytes(70_000);
    const sealer = createSealer(key, 'ex-2');
    for (let i = 0; i < big.length; i += 16_384) sealer.update(big.subarray(i, i + 16_384));
    expect(openContent(sealer.final(), key, 'ex-2').equals(big)).toBe(true);
  });

  it('refuses content sealed for another exchange, under another key, or altered', () => {
    const key = newContentKey();
    const sealed = sealContent(content, key, 'ex-3');
    expect(() => openContent(sealed, key, 'ex-4')).toThrow();
    expect(() => openContent(sealed, newContentKey(), 'ex-3')).toThrow();
    const raw = Buffer.from(sealed, 'base64');
    raw[raw.length - 1] = (raw[raw.length - 1] as number) ^ 1;
    expect(() => openContent(raw.toString('base64'), key, 'ex-3')).toThrow();
  });

  it('keeps the content key only wrapped under the master key', () => {
    const mk = masterKeyFrom(randomBytes(32).toString('base64'));
    const key = newContentKey();
    const wrapped = wrapKey(key, mk);
    expect(wrapped).not.toContain(key.toString('base64'));
    expect(unwrapKey(wrapped, mk).equals(key)).toBe(true);
    expect(() => unwrapKey(wrapped, masterKeyFrom(randomBytes(32).toString('base64')))).toThrow();
  });

  it('hashes as lowercase hex', () => {
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });
});
