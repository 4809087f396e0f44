import { describe, expect, it } from 'vitest';
import { compile } from './compile.js';

const form = { type: 'object', required: ['approved'], properties: { approved: { type: 'boolean' } } };
const doc = (task: Record<string, unknown>, timeoutBranch = false) => ({
  key: 'nhiem-vu', title: { vi: 'Nhiệm vụ', en: 'Task' },
  nodes: {
    start: { kind: 'trigger', trigger: { type: 'api' } },
    ask: { kind: 'task', assignee: { role: 'officer' }, form, ...task },
    done: { kind: 'end', output: '$nodes.ask.output' },
    ...(timeoutBranch ? { late: { kind: 'end' } } : {}),
  },
  edges: [{ id: 'e1', source: 'start', target: 'ask' }, { id: 'e2', source: 'ask', target: 'done' },
    ...(timeoutBranch ? [{ id: 'e3', source: 'ask', sourceHandle: 'timeout', target: 'late' }] : [])],
});
const problems = (d: unknown) => { const r = compile(d, []); return r.ok ? [] : r.errors.map((e) => [e.code, e.where.pointer]); };

describe('compile: the task node', () => {
  it('compiles a task with a deadline in hours or working days, reminders, escalation or a timeout branch', () => {
    expect(problems(doc({ deadline: { workingDays: 10 }, reminders: [0.5, 0.8], escalate: { role: 'officer', agency: '000.00.00.H56' } }))).toEqual([]);
    expect(problems(doc({ deadline: { hours: 4 }, reminders: [0.5] }, true))).toEqual([]);
    expect(problems(doc({ assignee: { expression: "{ 'role': 'officer', 'agency': $input.agency }" }, context: "{ 'no': $input.dossierNo }" }))).toEqual([]);
  });

  it('reminders, escalation and a timeout branch need a deadline; escalating and a timeout branch exclude each other', () => {
    expect(problems(doc({ reminders: [0.5], escalate: { role: 'officer' } }, true))).toEqual([
      ['FLOW_COMPILE_TASK_NEEDS_DEADLINE', '/nodes/ask/reminders'], ['FLOW_COMPILE_TASK_NEEDS_DEADLINE', '/nodes/ask/escalate'],
      ['FLOW_COMPILE_TASK_NEEDS_DEADLINE', '/nodes/ask/deadline']]);
    expect(problems(doc({ deadline: { hours: 1 }, escalate: { role: 'officer' } }, true))).toEqual([['FLOW_COMPILE_TASK_ESCALATE_AND_TIMEOUT', '/nodes/ask/escalate']]);
  });

  it('escalates to a list of targets (DOMAIN §7.b: the handling agency\'s head and the PC Office), an agency given by an expression', () => {
    const both = [{ expression: "{ 'role': 'officer', 'agency': $input.agency }" }, { role: 'officer', agency: '000.00.92.H48' }];
    expect(problems(doc({ deadline: { workingDays: 3 }, escalate: both }))).toEqual([]);
    expect(problems(doc({ deadline: { workingDays: 3 }, escalate: [both[1], { expression: '$input.(' }] }))).toEqual([['FLOW_COMPILE_BAD_EXPRESSION', '/nodes/ask/escalate/1/expression']]);
    expect(problems(doc({ deadline: { workingDays: 3 }, escalate: [] })).map(([code]) => code)).toContain('FLOW_SCHEMA_INVALID');
    expect(problems(doc({ escalate: both }))).toEqual([['FLOW_COMPILE_TASK_NEEDS_DEADLINE', '/nodes/ask/escalate']]);
  });

  it('a task continuing another task\'s SLA clock has its deadline from that one; it must name another task node', () => {
    const chained = (continues: string) => ({ ...doc({ deadline: { workingDays: 3 } }),
      nodes: { ...doc({ deadline: { workingDays: 3 } }).nodes, again: { kind: 'task', assignee: { role: 'officer' }, form, continues, reminders: [0.5], escalate: { role: 'officer' } },
        done: { kind: 'end', output: '$nodes.again.output' } },
      edges: [{ id: 'e1', source: 'start', target: 'ask' }, { id: 'e2', source: 'ask', target: 'again' }, { id: 'e3', source: 'again', target: 'done' }] });
    expect(problems(chained('ask'))).toEqual([]);
    expect(problems(chained('again'))).toEqual([['FLOW_COMPILE_TASK_BAD_CLOCK', '/nodes/again/continues']]);
    expect(problems(chained('done'))).toEqual([['FLOW_COMPILE_TASK_BAD_CLOCK', '/nodes/again/continues']]);
  });

  it('refuses a form that is not an object schema, bad expressions, and deadlines out of range, each at its pointer', () => {
    expect(problems(doc({ form: { type: 'string' } }))).toEqual([['FLOW_COMPILE_BAD_SCHEMA', '/nodes/ask/form']]);
    expect(problems(doc({ context: '$input.(' }))).toEqual([['FLOW_COMPILE_BAD_EXPRESSION', '/nodes/ask/context']]);
    expect(problems(doc({ deadline: { workingDays: 0 } })).map(([code]) => code)).toContain('FLOW_SCHEMA_INVALID');
  });

  it('takes the working days from an expression over run data (a procedure\'s processing time), checked at compile time', () => {
    expect(problems(doc({ deadline: { workingDays: '$input.days' }, reminders: [0.5], escalate: { role: 'officer' } }))).toEqual([]);
    expect(problems(doc({ deadline: { workingDays: '$input.(' } }))).toEqual([['FLOW_COMPILE_BAD_EXPRESSION', '/nodes/ask/deadline/workingDays']]);
    expect(problems(doc({ deadline: { workingDays: '$nodes.nowhere.output.days' } })).map(([code, pointer]) => [code, pointer]))
      .toEqual([[expect.stringMatching(/^FLOW_COMPILE_/), '/nodes/ask/deadline/workingDays']]);
    expect(problems(doc({ deadline: { workingDays: '' } })).map(([code]) => code)).toContain('FLOW_SCHEMA_INVALID');
  });
});
