import { expect } from 'vitest';
import type { TestPlatform } from './platform.js';

/** Creates a connection through the API, grants it to the flow and publishes the flow (each step must succeed). */
export async function connectAndPublish(p: TestPlatform, connection: { id: string } & Record<string, unknown>, flow: { key: string } & Record<string, unknown>): Promise<void> {
  const created = await p.request('POST', '/api/v1/connections', connection);
  expect(created.status, created.text).toBe(200);
  expect((await p.request('PUT', `/api/v1/credentials/${connection.id}/grants`, { flows: [flow.key] })).status).toBe(200);
  const published = await p.request('POST', '/api/v1/flows', flow);
  expect(published.status, published.text).toBe(201);
}
