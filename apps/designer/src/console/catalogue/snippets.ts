/**
 * The example calls the flow catalogue shows an agency developer. Keys appear only as placeholders read from the
 * environment (LT_ACCESS_KEY_ID, LT_SECRET_KEY, as examples/agency-clients uses them): the console never has a
 * system's secret, and a snippet pasted into a ticket or a wiki must not carry one.
 */
export interface SnippetInput {
  /** The platform's address as the browser sees it, e.g. https://lienthong.quangngai.gov.vn */
  origin: string;
  flowKey: string;
  /** An input the flow's schema accepts (built from it). */
  input: unknown;
  /** Whether the flow answers synchronously (api trigger with sync): then the call waits up to 30 s for the answer. */
  sync: boolean;
}

/** Quotes a string for a POSIX shell single-quoted argument. */
const shellQuote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/** `curl --aws-sigv4` (service lienthong, any region): curl signs every -H header, the Idempotency-Key too. */
export function curlSnippet(o: SnippetInput): string {
  const wait = o.sync ? '?wait=30s' : '?wait=0s';
  return [
    `export LT_ACCESS_KEY_ID='<mã khóa truy cập / access key id>'`,
    `export LT_SECRET_KEY='<khóa bí mật / secret key>'`,
    `curl -sS --aws-sigv4 "aws:amz:vn:lienthong" --user "$LT_ACCESS_KEY_ID:$LT_SECRET_KEY" \\`,
    `  -H 'content-type: application/json' -H "idempotency-key: ${o.flowKey}-$(date +%s)" \\`,
    `  --data-binary ${shellQuote(JSON.stringify(o.input))} \\`,
    `  ${shellQuote(`${o.origin}/api/v1/flows/${o.flowKey}/runs${wait}`)}`,
  ].join('\n');
}

/** The same call with the typed client @lienthong/client (tRPC, signed with the AWS SDK's SigV4 signer). */
export function clientSnippet(o: SnippetInput): string {
  const input = JSON.stringify(o.input, null, 2).replace(/\n/g, '\n  ');
  return [
    `import { createLtTrpcClient, LtClientError } from '@lienthong/client';`,
    ``,
    `const credentials = { accessKeyId: process.env.LT_ACCESS_KEY_ID!, secretKey: process.env.LT_SECRET_KEY! };`,
    `const lt = createLtTrpcClient({ url: ${JSON.stringify(o.origin)}, credentials });`,
    ``,
    `const input = ${input};`,
    `try {`,
    `  const run = await lt.runs.start.mutate({ flowKey: ${JSON.stringify(o.flowKey)}, input, wait: ${JSON.stringify(o.sync ? '30s' : '0s')} });`,
    `  console.log(run.runId, run.status, run.output);`,
    `} catch (e) {`,
    `  if (e instanceof LtClientError) console.error(e.code, e.messages.vi); // mã lỗi trong danh mục / the catalogue code`,
    `  else throw e;`,
    `}`,
  ].join('\n');
}
