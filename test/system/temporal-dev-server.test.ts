import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { startDevServer, type DevServer } from '@lienthong/temporal';
import { FlowIdKey, TriggerKey } from '@lienthong/temporal/keys';
import { RUN_FLOW_WORKFLOW } from '@lienthong/temporal/contracts';

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

async function withClient<T>(address: string, fn: (c: Client) => Promise<T>): Promise<T> {
  const connection = await Connection.connect({ address });
  try {
    return await fn(new Client({ connection }));
  } finally {
    await connection.close();
  }
}

describe('the embedded Temporal dev server that npm start runs', () => {
  const dbFile = join(mkdtempSync(join(tmpdir(), 'lt-temporal-')), 'temporal.db');
  let server: DevServer | undefined;
  afterAll(async () => { await server?.stop(); });

  it('keeps runs and their search attributes in its SQLite file across a restart', async () => {
    const port = await freePort();
    const uiPort = await freePort();
    const start = () => startDevServer({ cli: inject('temporalCli'), dbFile, port, uiPort });
    server = await start();
    await withClient(server.address, (c) => c.workflow.start(RUN_FLOW_WORKFLOW, {
      taskQueue: 'nobody-polls-this', workflowId: 'survives-restart', args: [{}],
      typedSearchAttributes: [{ key: FlowIdKey, value: 'xac-thuc-cong-dan' }, { key: TriggerKey, value: 'api' }],
    }));
    await server.stop();
    server = await start();
    const desc = await withClient(server.address, (c) => c.workflow.getHandle('survives-restart').describe());
    expect(desc.status.name).toBe('RUNNING');
    expect(desc.searchAttributes).toMatchObject({ LtFlowId: ['xac-thuc-cong-dan'], LtTrigger: ['api'] });
    await withClient(server.address, (c) => c.workflow.getHandle('survives-restart').terminate('test done'));
  });
});
