import { describe, expect, it } from 'vitest';
import { ServiceError } from '@temporalio/client';
import { dependencyDown } from './health.js';

/** A gRPC error as @grpc/grpc-js gives it to the Temporal client: code, details, metadata. */
const grpcError = (code: number, details: string) => Object.assign(new Error(`${code} ${details}`), { code, details, metadata: {} });

describe('a dependency outage is a coded 503, not an internal error', () => {
  it('names Temporal when its server is unavailable, overloaded or too slow, directly or wrapped by the client', () => {
    for (const [code, name] of [[14, 'UNAVAILABLE'], [4, 'DEADLINE_EXCEEDED'], [8, 'RESOURCE_EXHAUSTED']] as const) {
      const direct = dependencyDown(grpcError(code, 'no connection'));
      const wrapped = dependencyDown(new ServiceError('Failed to start Workflow', { cause: grpcError(code, 'no connection') }));
      for (const e of [direct, wrapped]) {
        expect(e?.status).toBe(503);
        expect(e?.toJSON()).toMatchObject({ code: 'HEALTH_DEPENDENCY_DOWN', where: { field: 'temporal' } });
        expect(e?.toJSON().message.en).toContain(name);
      }
    }
  });

  it('leaves Temporal refusing a call (already started, not found, bad argument) to the caller', () => {
    for (const code of [6, 5, 3]) expect(dependencyDown(grpcError(code, 'refused'))).toBeNull();
    expect(dependencyDown(new Error('a bug'))).toBeNull();
  });
});
