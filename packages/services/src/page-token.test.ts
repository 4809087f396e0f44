import { describe, expect, it } from 'vitest';
import { issuePageToken, openPageToken, pageTokenKey } from './run-search.js';

describe('run search page tokens', () => {
  const key = pageTokenKey({ key: Buffer.alloc(32, 7) }) as Buffer;
  const raw = Buffer.from('temporal-opaque-token');

  it('open to Temporal\'s token for the search they were issued for', () => {
    expect(openPageToken(key, 'q', 10, issuePageToken(key, 'q', 10, raw))).toEqual(raw);
  });

  it('are refused (coded 400 at /pageToken) when foreign, altered, or used for another search or page size', () => {
    const token = issuePageToken(key, 'q', 10, raw);
    const other = pageTokenKey({ key: Buffer.alloc(32, 8) }) as Buffer;
    for (const [k, q, n, t] of [[key, 'q', 10, 'abcd'], [key, 'q', 10, `x${token}`], [key, 'q2', 10, token], [key, 'q', 11, token], [other, 'q', 10, token]] as const) {
      expect(() => openPageToken(k, q, n, t)).toThrow(expect.objectContaining({ code: 'REQUEST_VALIDATION_FAILED', status: 400, where: { pointer: '/pageToken', field: 'pageToken' } }));
    }
  });
});
