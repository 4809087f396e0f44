import { describe, expect, it } from 'vitest';
import { canonicalJson, contentHash, sha256Hex } from './hash.js';

// The platform's one canonical JSON and SHA-256 (flow versions, audit chain, run bundles): pure, so browser, API,
// CLI and workflow code compute the same hashes.
describe('canonical JSON and SHA-256', () => {
  it('sorts keys at every level, drops undefined fields and writes undefined array items as null', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, undefined, 'x'], c: null }, e: undefined })).toBe('{"a":{"c":null,"d":[1,null,"x"]},"b":1}');
    expect(canonicalJson(['Hà Nội', 2.5, true])).toBe('["Hà Nội",2.5,true]');
    expect(contentHash({ a: 1, b: 2 })).toBe(contentHash({ b: 2, a: 1 }));
  });

  it('hashes text as UTF-8 and bytes as they are (FIPS 180-2 test vector)', () => {
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256Hex(new TextEncoder().encode('Liên Thông'))).toBe(sha256Hex('Liên Thông'));
  });
});
