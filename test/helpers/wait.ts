const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Reads `read` every 200 ms until `ok` holds and returns that value; after `timeoutMs` fails naming `what` and the
 * last value read (what a person debugging the test needs).
 */
export async function waitFor<T>(what: string, read: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await read();
    if (ok(v)) return v;
    if (Date.now() > deadline) throw new Error(`${what}: still ${JSON.stringify(v)}`);
    await sleep(200);
  }
}
