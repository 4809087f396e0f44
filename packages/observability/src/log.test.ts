import { describe, expect, it } from 'vitest';
import { jsonLogger, maskText } from './log.js';

describe('log masking', () => {
  it('masks personal ID numbers in messages', () => {
    expect(maskText('tra cứu 051090123456 xong')).toBe('tra cứu 051******456 xong');
  });
  it('drops secret-looking fields and masks nested IDs in JSON lines', () => {
    const lines: string[] = [];
    jsonLogger('api', (l) => lines.push(l))('called', { authorization: 'AWS4-HMAC-SHA256 …', body: { soDinhDanh: '051185004321' }, credential: { password: 'p@ss' } });
    const entry = JSON.parse(lines[0] ?? '{}');
    expect(entry).toMatchObject({ component: 'api', msg: 'called', authorization: '[redacted]', body: { soDinhDanh: '051******321' }, credential: { password: '[redacted]' } });
  });
});
