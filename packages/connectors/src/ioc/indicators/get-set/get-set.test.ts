import { describe, expect, it } from 'vitest';
import { exampleTests, faultTests, noSecretLeakTest, useHarness } from '../../../testing/harness.js';
import { getIndicatorSet } from './index.js';

describe('ioc:indicators:getSet', () => {
  const h = useHarness();
  exampleTests(h, getIndicatorSet);
  faultTests(h, { mod: getIndicatorSet, input: {}, operation: 'ioc.getIndicatorSet' });
  it('lists the §8 indicators with their units', async () => {
    const out = await h().run(getIndicatorSet, {});
    expect(out.items).toContainEqual(expect.objectContaining({ code: 'YT.GIUONG.CONGSUAT', unit: '%', aggregation: 'max' }));
  });
  noSecretLeakTest(h);
});
