import { describe, expect, it } from 'vitest';
import { exampleTests, useHarness } from '../../../testing/harness.js';
import { mapCode } from './index.js';

describe('catalog:map:code', () => {
  const h = useHarness();
  exampleTests(h, mapCode);

  it('an unmappable value is an error naming the catalog, the value and the node (vi first, en second)', async () => {
    const err = await h().fail(mapCode, { catalog: 'ethnicity', from: 'csdlqg-dc', to: 'ten', value: '99' }).catch((e: unknown) => e);
    const json = (err as { toJSON(): { code: string; message: { vi: string; en: string }; where: { nodeId?: string } } }).toJSON();
    expect(json.code).toBe('CATALOG_UNMAPPABLE');
    expect(json.where.nodeId).toBe('n1');
    expect(json.message.vi).toContain('"99"');
    expect(json.message.vi).toContain('ethnicity');
    expect(json.message.en).toContain('cannot be mapped');
  });

  it('decomposed Unicode (NFD) is normalised before matching', async () => {
    await expect(h().run(mapCode, { catalog: 'ethnicity', from: 'ten', to: 'csdlqg-dc', value: 'Xơ Đăng'.normalize('NFD') })).resolves.toMatchObject({ value: '14' });
  });

  it('a pair of systems the catalog does not know is an input error', async () => {
    expect(await h().fail(mapCode, { catalog: 'sex', from: 'csdlqg-dc', to: 'khong-co', value: '1' })).toMatchObject({ code: 'CONNECTOR_INPUT_INVALID', retryable: false });
  });

  it('a split commune lists its candidates', async () => {
    expect(await h().fail(mapCode, { catalog: 'commune', from: 'dvhc-2024', to: 'dvhc-2025', value: '21100' })).toMatchObject({ code: 'CATALOG_AMBIGUOUS', params: { candidates: '21172, 91003' } });
  });
});
