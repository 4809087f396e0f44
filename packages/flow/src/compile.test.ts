import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { manifests } from '@lienthong/connectors/manifests';
import { compile } from './compile.js';

const verify = (input: Record<string, string>) => ({ kind: 'call', connector: { id: 'ngsp:population:verifyCitizen', version: '1.0.0' }, input });
const goodInput = { citizenId: '$input.id', fullName: '$input.name', purpose: "'1.001193'", officerId: "'cb01'" };

/** Edges e1, e2, … in the order given. */
const edgesOf = (pairs: [string, string][]) => pairs.map(([source, target], i) => ({ id: `e${i + 1}`, source, target }));

/** One flow, twelve distinct mistakes. */
const broken = {
  key: 'hong-12-loi',
  title: { vi: 'Luồng có 12 lỗi', en: 'A flow with twelve mistakes' },
  outputSchema: { type: 'object', required: ['result'] },
  nodes: {
    start: { kind: 'trigger', trigger: { type: 'api', sync: true } },                         // 1 sync without respond
    second: { kind: 'trigger', trigger: { type: 'event', event: 'x' } },                      // 2 two triggers
    missing_field: verify({ citizenId: '$input.id', fullName: '$input.name', purpose: "'p'" }), // 3 officerId not mapped
    extra_field: verify({ ...goodInput, nickname: '$input.nick' }),                           // 4 unknown input field
    bad_literal: verify({ ...goodInput, citizenId: "'123'" }),                                // 5 constant breaks the field's pattern
    bad_expr: { kind: 'transform', expression: '$nodes.verify.output.(' },                   // 6 does not parse
    ghost_ref: { kind: 'transform', expression: '$nodes.nobody.output' },                    // 7 refers to a missing node
    unknown: { kind: 'call', connector: { id: 'lgsp:nowhere:send', version: '9.0.0' }, input: {} }, // 8 unregistered connector
    pause: { kind: 'delay' },                                                                 // 9 neither duration nor until
    fork: { kind: 'parallel' },
    meet: { kind: 'join', mode: 'n', n: 5 },                                                  // 10 n greater than its branches
    orphan: { kind: 'end' },                                                                  // 11 unreachable
    done: { kind: 'end', output: "{ 'status': 'ok' }" },                                      // 12 output lacks "result"
  },
  edges: edgesOf([
    ['start', 'missing_field'], ['missing_field', 'extra_field'], ['extra_field', 'bad_literal'], ['bad_literal', 'bad_expr'],
    ['bad_expr', 'ghost_ref'], ['ghost_ref', 'unknown'], ['unknown', 'pause'], ['pause', 'fork'],
    ['fork', 'meet'], ['fork', 'done'], ['meet', 'done'], ['second', 'done'],
  ]),
};

describe('compile: every problem at once', () => {
  it('a flow with twelve distinct mistakes yields twelve problems, each with code, node, pointer and vi/en message', () => {
    const r = compile(broken, manifests);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    // code@node pointer, as the next test writes them (`-` where the problem is the flow's, not a node's)
    const found = r.errors.map((e) => e.toJSON()).map((j) => `${j.code}@${j.where.nodeId ?? '-'} ${j.where.pointer}`);
    expect(found).toEqual(expect.arrayContaining([
      'FLOW_COMPILE_NO_TRIGGER@- /nodes',
      'FLOW_COMPILE_INPUT_MISSING@missing_field /nodes/missing_field/input',
      'FLOW_COMPILE_INPUT_UNKNOWN@extra_field /nodes/extra_field/input/nickname',
      'FLOW_COMPILE_INPUT_TYPE@bad_literal /nodes/bad_literal/input/citizenId',
      'FLOW_COMPILE_BAD_EXPRESSION@bad_expr /nodes/bad_expr/expression',
      'FLOW_COMPILE_UNKNOWN_NODE_REF@ghost_ref /nodes/ghost_ref/expression',
      'FLOW_COMPILE_UNKNOWN_CONNECTOR@unknown /nodes/unknown/connector',
      'FLOW_COMPILE_DELAY_SPEC@pause /nodes/pause',
      'FLOW_COMPILE_JOIN_BRANCHES@meet /nodes/meet/n',
      'FLOW_COMPILE_UNREACHABLE@orphan /nodes/orphan',
      'FLOW_COMPILE_OUTPUT_MISSING@done /nodes/done/output',
      'FLOW_COMPILE_NO_RESPOND@- /nodes',
    ]));
    expect(r.errors).toHaveLength(12);
    expect(new Set(r.errors.map((e) => e.code)).size).toBe(12);
    for (const e of r.errors.map((x) => x.toJSON())) {
      expect(e.message.vi).toMatch(/\S/);
      expect(e.message.en).toMatch(/\S/);
      expect(e.message.vi).not.toBe(e.message.en);
      expect(e.message.vi).not.toMatch(/\{[a-zA-Z]+\}/); // every placeholder filled
    }
  });

  it('finds graph mistakes: bad handles, cycles, dangling edges, merges without a join, a lone parallel branch', () => {
    const doc = {
      key: 'graph-loi', title: { vi: 'x', en: 'x' },
      nodes: {
        start: { kind: 'trigger', trigger: { type: 'schedule', cron: '0 7 * * MON-FRI *' } },
        a: { kind: 'transform', expression: '1' },
        b: { kind: 'transform', expression: '2' },
        c: { kind: 'transform', expression: '3' },
        lone: { kind: 'parallel' },
        stop: { kind: 'end' },
        after: { kind: 'end' },
        ask: { kind: 'wait', signal: 'ok' },
        sw: { kind: 'switch', cases: [{ handle: 'x', when: 'true' }, { handle: 'x', when: 'false' }] },
      },
      edges: [
        { id: 'e1', source: 'start', target: 'a' },
        { id: 'e2', source: 'start', target: 'b' },
        { id: 'e3', source: 'a', target: 'c' },
        { id: 'e4', source: 'b', target: 'c' },
        { id: 'e5', source: 'c', target: 'a', sourceHandle: 'nowhere' },
        { id: 'e6', source: 'c', target: 'ghost' },
        { id: 'e7', source: 'c', target: 'lone' },
        { id: 'e8', source: 'lone', target: 'stop' },
        { id: 'e9', source: 'stop', target: 'after' },
        { id: 'e9', source: 'c', target: 'ask' },
        { id: 'e10', source: 'ask', target: 'sw', sourceHandle: 'timeout' },
        { id: 'e11', source: 'sw', target: 'stop', sourceHandle: 'x' },
      ],
    };
    const r = compile(doc, manifests);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const codes = r.errors.map((e) => `${e.code}@${e.where.nodeId ?? e.where.pointer}`).sort();
    expect(codes).toEqual([
      'FLOW_COMPILE_BAD_CRON@start',
      'FLOW_COMPILE_BAD_HANDLE@c',
      'FLOW_COMPILE_BAD_HANDLE@stop',
      'FLOW_COMPILE_DANGLING_EDGE@/edges/5/target',
      'FLOW_COMPILE_DUPLICATE_CASE@sw',
      'FLOW_COMPILE_DUPLICATE_EDGE@/edges/9/id',
      'FLOW_COMPILE_JOIN_MISSING@c', // start forks to a and b, which meet at c
      'FLOW_COMPILE_JOIN_MISSING@stop', // c forks to lone and ask, which meet at stop
      'FLOW_COMPILE_PARALLEL_BRANCHES@lone',
      'FLOW_COMPILE_UNREACHABLE@after',
      'FLOW_COMPILE_WAIT_TIMEOUT_BRANCH@ask',
    ]);
  });

  it('reports a cycle', () => {
    const doc = {
      key: 'vong', title: { vi: 'x', en: 'x' },
      nodes: { start: { kind: 'trigger', trigger: { type: 'api' } }, a: { kind: 'transform', expression: '1' }, b: { kind: 'transform', expression: '2' } },
      edges: [{ id: 'e1', source: 'start', target: 'a' }, { id: 'e2', source: 'a', target: 'b' }, { id: 'e3', source: 'b', target: 'a' }],
    };
    const r = compile(doc, manifests);
    expect(r.ok ? [] : r.errors.map((e) => e.code)).toEqual(['FLOW_COMPILE_CYCLE']);
  });

  it('schema problems come with the JSON pointer and the node', () => {
    const r = compile({ key: 'x1', title: { vi: 'x', en: 'x' }, nodes: { start: { kind: 'trigger', trigger: { type: 'api' } }, w: { kind: 'wait' } }, edges: [] }, manifests);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => e.toJSON())).toEqual(expect.arrayContaining([expect.objectContaining({ code: 'FLOW_SCHEMA_INVALID', where: expect.objectContaining({ nodeId: 'w' }) })]));
  });

  it('checks subflow references when it knows the published flows', () => {
    const doc = {
      key: 'cha', title: { vi: 'x', en: 'x' },
      nodes: { start: { kind: 'trigger', trigger: { type: 'api' } }, child: { kind: 'subflow', flow: { key: 'con', version: 2 } } },
      edges: [{ id: 'e1', source: 'start', target: 'child' }],
    };
    expect(compile(doc, manifests, { flows: new Set(['con@2']) }).ok).toBe(true);
    const r = compile(doc, manifests, { flows: new Set(['con@1']) });
    expect(r.ok ? [] : r.errors.map((e) => [e.code, e.where.pointer])).toEqual([['FLOW_COMPILE_UNKNOWN_SUBFLOW', '/nodes/child/flow']]);
  });

  it('compiles every example flow, with a stable hash that ignores canvas positions', () => {
    const dir = new URL('../../../examples/', import.meta.url);
    const doc = JSON.parse(readFileSync(new URL('xac-thuc-cong-dan.json', dir), 'utf8')) as { nodes: Record<string, { ui?: unknown }> };
    const a = compile(doc, manifests);
    const moved = structuredClone(doc);
    for (const n of Object.values(moved.nodes)) n.ui = { position: { x: 1, y: 2 } };
    const b = compile(moved, manifests);
    expect(a.ok && b.ok).toBe(true);
    if (a.ok && b.ok) expect(a.plan.hash).toBe(b.plan.hash);
  });
});
