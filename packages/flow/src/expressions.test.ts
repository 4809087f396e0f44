import fc from 'fast-check';
import jsonata from 'jsonata';
import { describe, expect, it } from 'vitest';
import { evaluate, evaluateMapping, onFastPath, type ExpressionContext } from './expressions.js';

// Plain paths ($input.a.b) skip JSONata; a flow author must get exactly what JSONata would have given.
const viaJsonata = async (expr: string, ctx: ExpressionContext): Promise<unknown> => {
  const bindings: Record<string, unknown> = { input: ctx.input, nodes: ctx.nodes, vars: ctx.vars, run: ctx.run };
  if ('item' in ctx) bindings.item = ctx.item;
  if ('index' in ctx) bindings.index = ctx.index;
  const r: unknown = await jsonata(expr).evaluate(ctx.input ?? {}, bindings);
  return r === undefined ? null : JSON.parse(JSON.stringify(r)) as unknown;
};

// Documents are JSON (inputs and connector outputs arrive as JSON): no NaN, no infinities.
const key = fc.constantFrom('a', 'b', 'hoVaTen', 'soDinhDanh', 'output', 'x_1');
const json = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, fc.string(), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null),
    fc.array(tie('value'), { maxLength: 3 }), fc.dictionary(key, tie('value'), { maxKeys: 4 })),
})).value;

const ctxOf = (input: unknown, extra: Partial<ExpressionContext> = {}): ExpressionContext => ({
  input, nodes: { verify: { output: input } }, vars: {}, run: { id: 'run-1', flowKey: 'f', version: 1, startedAt: '2026-11-23T00:00:00.000Z' }, engine: 3, ...extra,
});

describe('plain paths read the context directly, with JSONata’s results', () => {
  it('agrees with JSONata on random documents and paths', async () => {
    await fc.assert(fc.asyncProperty(json, fc.array(key, { maxLength: 4 }), fc.constantFrom('$input', '$nodes.verify.output', '$item'), async (doc, steps, root) => {
      const expr = [root, ...steps].join('.');
      const ctx = ctxOf(doc, { item: doc, index: 2 });
      expect(await evaluate(expr, ctx, 'n')).toEqual(await viaJsonata(expr, ctx));
    }), { numRuns: 400 });
  });

  it('gives null for a missing field and keeps arrays and objects as values', async () => {
    const ctx = ctxOf({ applicant: { soDinhDanh: '051090123456', con: [{ ten: 'A' }] } });
    expect(await evaluateMapping({ id: '$input.applicant.soDinhDanh', none: '$input.applicant.hoVaTen', kids: '$input.applicant.con', run: '$run.flowKey' }, ctx, 'n'))
      .toEqual({ id: '051090123456', none: null, kids: [{ ten: 'A' }], run: 'f' });
    // Through an array JSONata maps the path over the items: that still goes to JSONata.
    expect(await evaluate('$input.applicant.con.ten', ctx, 'n')).toBe('A');
    expect(await evaluate('$index', ctxOf({}), 'n')).toBeNull();
  });
});

describe('the synchronous subset gives JSONata’s result or JSONata’s error', () => {
  const path = fc.tuple(fc.constantFrom('$input', '$nodes.verify.output', '$item', '$index', '$vars'), fc.array(key, { maxLength: 3 }))
    .map(([root, steps]) => [root, ...steps].join('.'));
  const literal = fc.oneof(fc.constantFrom("'MATCH'", "''", "'Hà Nội'", '0', '1', '2.5', '-3', 'true', 'false', 'null', "'10'"));
  const expr: fc.Arbitrary<string> = fc.letrec((tie) => ({
    e: fc.oneof({ depthSize: 'small', withCrossShrink: true },
      path, literal,
      fc.tuple(tie('e'), fc.constantFrom('=', '!=', '<', '<=', '>', '>=', '+', '-', '*', '/', '&', 'and', 'or', '%'), tie('e')).map(([a, op, b]) => `(${a} ${op} ${b})`),
      fc.tuple(tie('e'), tie('e'), fc.option(tie('e'))).map(([c, t, f]) => `(${c} ? ${t}${f === null ? '' : ` : ${f}`})`),
      fc.tuple(tie('e'), tie('e'), tie('e'), tie('e'), tie('e')).map(([c1, c2, a, b, d]) => `(${c1} ? (${c2} ? ${a} : ${b}) : ${d})`),
      fc.uniqueArray(fc.tuple(key, tie('e')), { maxLength: 3, selector: ([k]) => k }).map((ps) => `{ ${ps.map(([k, v]) => `'${k}': ${v}`).join(', ')} }`),
      fc.tuple(fc.constantFrom('$uppercase', '$lowercase', '$string', '$exists', '$boolean', '$not', '$length', '$count'), tie('e')).map(([f, a]) => `${f}(${a})`),
      path.map((p) => `$count(${p})`),
      fc.tuple(tie('e'), fc.integer({ min: -4, max: 6 }), fc.option(fc.integer({ min: -2, max: 5 }))).map(([s, a, b]) => `$substring(${s}, ${a}${b === null ? '' : `, ${b}`})`),
      tie('e').map((a) => `-${a}`)),
  })).e as fc.Arbitrary<string>;

  const outcome = async (f: () => Promise<unknown>) => { try { return { value: await f() }; } catch { return { error: true }; } };

  it('agrees with JSONata on random expressions over random documents, each compiled to the synchronous form', async () => {
    await fc.assert(fc.asyncProperty(expr, json, async (e, doc) => {
      expect(onFastPath(e), e).toBe(true);
      const ctx = ctxOf(doc, { item: doc, index: 2 });
      expect(await outcome(() => evaluate(e, ctx, 'n'))).toEqual(await outcome(() => viaJsonata(e, ctx)));
    }), { numRuns: 1500 });
  });

  it('evaluates the example flow’s answer without JSONata and with its result', async () => {
    const shape = "{ 'dossierNo': $input.dossierNo, 'result': $nodes.verify.output.match ? 'MATCH' : 'MISMATCH', 'source': $nodes.verify.output.source, 'purpose': $substring($input.procedureCode, 0, 8) }";
    const ctx = ctxOf({ dossierNo: 'H48-1', procedureCode: '1.001193.000.00.00.H48' }, { nodes: { verify: { output: { match: true, source: 'CSDLQG-DC' } } } });
    expect(await evaluate(shape, ctx, 'n')).toEqual({ dossierNo: 'H48-1', result: 'MATCH', source: 'CSDLQG-DC', purpose: '1.001193' });
    expect(await evaluate(shape, ctx, 'n')).toEqual(await viaJsonata(shape, ctx));
  });
});
