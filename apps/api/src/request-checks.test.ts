import type { IncomingMessage } from 'node:http';
import type { AnyTRPCProcedure } from '@trpc/server';
import { describe, expect, it } from 'vitest';
import { LtError } from '@lienthong/errors';
import { hostileInputProblem, jsonBodyOf, trpcMethodRefusal } from './request-checks.js';

const req = (headers: Record<string, string>, method = 'POST') => ({ headers, method }) as unknown as IncomingMessage;

describe('JSON bodies: declared, strictly UTF-8, well-formed', () => {
  it('accepts application/json with or without a UTF-8 charset, and an empty body whatever its type', () => {
    for (const type of ['application/json', 'Application/JSON; charset=UTF-8', 'application/json;charset="utf-8"']) {
      expect(jsonBodyOf(req({ 'content-type': type }), Buffer.from('{"a":"Việt"}'))).toEqual({ text: '{"a":"Việt"}', value: { a: 'Việt' } });
    }
    expect(jsonBodyOf(req({}), Buffer.alloc(0))).toEqual({ text: '', value: undefined });
  });

  it('refuses other types and charsets (415), invalid UTF-8 (not replaced) and malformed JSON (400)', () => {
    const code = (r: unknown) => (r instanceof LtError ? [r.status, r.code] : r);
    for (const type of ['text/plain', '', 'application/json; charset=latin1', 'application/jsonx']) {
      expect(code(jsonBodyOf(req(type ? { 'content-type': type } : {}), Buffer.from('{}')))).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
    }
    expect(code(jsonBodyOf(req({ 'content-type': 'application/json' }), Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d])))).toEqual([400, 'REQUEST_INVALID_UTF8']);
    expect(code(jsonBodyOf(req({ 'content-type': 'application/json' }), Buffer.from('{"a":')))).toEqual([400, 'REQUEST_INVALID_JSON']);
  });
});

describe('hostile input of a procedure', () => {
  const where = (input: unknown, bodyField?: string) => hostileInputProblem(input, bodyField)?.where;

  it('finds a NUL in any string or key, at its JSON pointer (REST: relative to the body)', () => {
    expect(where({ username: 'a\0' })).toEqual({ pointer: '/username', field: 'username' });
    expect(where({ input: { applicant: { names: ['x', 'y\0'] } } })).toEqual({ pointer: '/input/applicant/names/1', field: 'input' });
    expect(where({ input: { applicant: { 'k/\0~': 1 } } }, 'input')).toEqual({ pointer: '/applicant/k~1\0~0', field: 'input' });
    expect(hostileInputProblem({ input: { dossierNo: 'Hồ sơ 1\t\n' }, flowKey: 'xac-thuc-cong-dan', runId: 'run-sched-bao-cao-2026-12-06T09:00:00Z' })).toBeNull();
    // A child run: the parent's id, the node and the item.
    expect(hostileInputProblem({ runId: 'run-abc/thu_thap/0' })).toBeNull();
  });

  it('refuses ids outside their alphabet or length, and nesting deeper than any real input, without recursing', () => {
    expect(where({ runId: `run-${'a'.repeat(10_000)}` })).toEqual({ pointer: '/runId', field: 'runId' });
    expect(where({ flowKey: 'a b' })).toEqual({ pointer: '/flowKey', field: 'flowKey' });
    let deep: unknown = 'x';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(hostileInputProblem({ input: deep })?.code).toBe('REQUEST_VALIDATION_FAILED');
  });
});

describe('tRPC methods', () => {
  const procedures = { 'flows.list': { _def: { type: 'query' } }, 'runs.start': { _def: { type: 'mutation' } } } as unknown as Record<string, AnyTRPCProcedure>;
  it('answers a wrong method with 405 and the method the procedure takes; leaves unknown names to the gate', () => {
    expect(trpcMethodRefusal(req({}, 'POST'), '/trpc/flows.list', procedures)).toMatchObject({ allow: 'GET', error: { code: 'METHOD_NOT_ALLOWED', status: 405 } });
    expect(trpcMethodRefusal(req({}, 'GET'), '/trpc/runs%2Estart', procedures)?.allow).toBe('POST');
    expect(trpcMethodRefusal(req({}, 'GET'), '/trpc/flows.list', procedures)).toBeNull();
    expect(trpcMethodRefusal(req({}, 'PUT'), '/trpc/nope', procedures)).toBeNull();
  });
});
