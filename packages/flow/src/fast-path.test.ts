import { describe, expect, it } from 'vitest';
import { evaluate, evaluateMapping, jsonataEvaluations, onFastPath, type ExpressionContext } from './expressions.js';

// The synchronous evaluator is a performance promise (docs/tuning.md: 55 → 20 ms of workflow CPU per lookup run): every
// other test would still pass if it handed everything to JSONata. These fail if the everyday subset stops taking it.
const ctx: ExpressionContext = {
  input: {
    dossierNo: '000.25.94.H48-260115-0007', procedureCode: '1.001193.000.00.00.H48', officerId: '051085000111', regimeCode: 'BC-01',
    periodLabel: '2026-Q4', applicant: { soDinhDanh: '051090123456', hoVaTen: 'NGUYỄN VĂN AN', ngaySinh: '19900512' },
    communes: [{ code: '21025' }, { code: '21028' }], amount: 12,
  },
  nodes: {
    verify: { output: { match: true, source: 'CSDLQG-DC' } }, chon: { output: { decision: 'approved', officerId: 'cb01' } },
    day: { output: { acceptedCount: 3, rejectedCount: 0 } },
  },
  vars: {}, run: { id: 'run-1', flowKey: 'xac-thuc-cong-dan', version: 3, startedAt: '2026-12-06T00:00:00.000Z' }, engine: 3,
};

/** Mappings and conditions as the example flows and the designer write them. */
const EVERYDAY = [
  '$input.applicant.soDinhDanh',
  "$substring($input.procedureCode, 0, 8)",
  "{ 'dossierNo': $input.dossierNo, 'result': $nodes.verify.output.match ? 'MATCH' : 'MISMATCH', 'source': $nodes.verify.output.source }",
  "$nodes.chon.output.decision = 'approved'",
  '$nodes.day.output.rejectedCount > 0',
  '$nodes.day.output.acceptedCount <= 10',
  "$exists($nodes.qua_han.output) ? 'late' : 'on time'",
  "$count($input.communes) >= 2 ? ($input.amount > 10 ? 'many, large' : 'many, small') : 'few'",
  "$input.regimeCode & '|' & $input.periodLabel & '|51'",
  '$uppercase($input.applicant.hoVaTen) != $input.applicant.hoVaTen and $input.amount * 2 - 4 < 100',
  "{ 'escalated': $exists($nodes.qua_han.output), 'by': $nodes.chon.output.officerId, 'n': $count($input.communes) }",
];

describe('the everyday subset takes the synchronous fast path, never JSONata', () => {
  it('compiles every everyday expression to the synchronous form', () => {
    for (const e of EVERYDAY) expect(onFastPath(e), e).toBe(true);
  });

  it('evaluates them (alone and as a mapping) without a single JSONata evaluation', async () => {
    const before = jsonataEvaluations();
    for (const e of EVERYDAY) await evaluate(e, ctx, 'n');
    await evaluateMapping(Object.fromEntries(EVERYDAY.map((e, i) => [`f${i}`, e])), ctx, 'n');
    expect(jsonataEvaluations() - before).toBe(0);
  });

  it('does count what goes to JSONata: an expression outside the subset, and runs of older engines', async () => {
    const before = jsonataEvaluations();
    expect(onFastPath('$sum($input.communes.code)')).toBe(false);
    await evaluate('$sum([1, 2])', ctx, 'n');
    await evaluate('$input.dossierNo', { ...ctx, jsonataOnly: true }, 'n'); // engine 1: everything through JSONata
    expect(jsonataEvaluations() - before).toBe(2);
  });

  it('keeps engine 2 runs on the subset they ran with: $count joined the fast path in engine 3', async () => {
    const { engine: _, ...engine2 } = ctx;
    expect(onFastPath('$count($input.communes)', 2)).toBe(false);
    const before = jsonataEvaluations();
    expect(await evaluate('$count($input.communes)', engine2, 'n')).toBe(2);
    expect(await evaluate('$input.dossierNo', engine2, 'n')).toBe('000.25.94.H48-260115-0007');
    expect(jsonataEvaluations() - before).toBe(1);
  });

  it('gives the values a flow author expects', async () => {
    expect(await evaluate("$count($input.communes) >= 2 ? ($input.amount > 10 ? 'many, large' : 'many, small') : 'few'", ctx, 'n')).toBe('many, large');
    expect(await evaluate('$count($input.missing)', ctx, 'n')).toBe(0);
    expect(await evaluate("$exists($nodes.qua_han.output) ? 'late' : 'on time'", ctx, 'n')).toBe('on time');
  });
});
