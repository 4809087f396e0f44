import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { TRPCError } from '@trpc/server';
import { LtError } from '@lienthong/errors';
import { ltErrorsOf } from '../trpc.js';
import type { Route } from './routes.js';

export interface ServerSentEvent { id?: string; event: string; data: unknown }

/**
 * Writes events as `text/event-stream` (one JSON `data` line each), with a comment every 15 s so proxies keep the
 * connection, until the source ends or the client goes. An error after the first byte is sent as an `error` event.
 */
export async function writeEvents(res: ServerResponse, events: AsyncIterable<ServerSentEvent>, gone: AbortSignal, route: Route, log: (line: string) => void): Promise<void> {
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform', 'x-accel-buffering': 'no' });
  res.write('retry: 2000\n\n');
  const beat = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
  try {
    for await (const e of events) {
      if (gone.aborted) break;
      res.write(`${e.id ? `id: ${e.id}\n` : ''}event: ${e.event}\ndata: ${JSON.stringify(e.data)}\n\n`);
    }
  } catch (err) {
    const cause = err instanceof TRPCError ? err.cause : err;
    let errors = ltErrorsOf(cause);
    if (!errors) {
      const ref = randomUUID().slice(0, 8);
      log(`internal error ref=${ref} ${route.path}: ${(err as Error).stack ?? String(err)}`);
      errors = [new LtError('INTERNAL', { ref }).toJSON()];
    }
    if (!gone.aborted) res.write(`event: error\ndata: ${JSON.stringify({ error: errors[0], errors })}\n\n`);
  } finally {
    clearInterval(beat);
    res.end();
  }
}
