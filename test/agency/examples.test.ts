import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerSystem, type SystemKeys } from '../helpers/agency.js';
import { useTestPlatform } from '../helpers/suite.js';

// The examples for agency developers (examples/agency-clients) run as written, against a running platform.
const run = promisify(execFile);
const example = (p: string) => fileURLToPath(new URL(`../../examples/agency-clients/${p}`, import.meta.url));
const lines = (stdout: string) => stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, any>);

describe('agency client examples in other stacks', () => {
  const p = useTestPlatform();
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    const k: SystemKeys = await registerSystem(p, { code: 'vidu-ngoai', agencyCode: '000.00.00.H48', allowedFlows: ['xac-thuc-cong-dan'] });
    env = { ...process.env, LT_URL: p.apiUrl, LT_ACCESS_KEY_ID: k.accessKeyId, LT_SECRET_KEY: k.secretKey };
  });

  it('curl --aws-sigv4 runs the citizen lookup over REST and over tRPC', async () => {
    const { stdout } = await run('bash', [example('curl/xac-thuc-cong-dan.sh')], { env });
    const [rest, trpc] = lines(stdout);
    expect(rest).toMatchObject({ status: 'completed', output: { result: 'MATCH' } });
    expect(trpc?.result?.data).toMatchObject({ status: 'completed', output: { result: 'MATCH' } });
  });

  it('Python with botocore\'s SigV4Auth runs it over REST and over tRPC and reads a coded refusal', async () => {
    const { stdout } = await run('python3', [example('python/xac_thuc_cong_dan.py')], { env });
    const [rest, trpc, refused] = lines(stdout);
    expect(rest).toMatchObject({ via: 'rest', status: 200, answer: { status: 'completed', output: { result: 'MATCH' } } });
    expect(trpc).toMatchObject({ via: 'trpc', status: 200, answer: { status: 'completed', output: { result: 'MATCH' } } });
    expect(refused).toMatchObject({ via: 'rest', status: 404, code: 'RUN_NOT_FOUND' });
    expect(refused?.message.vi).toMatch(/\S/);
  });

  it('Java with the AWS SDK v2 signer (AwsV4HttpSigner) runs it over REST and over tRPC and reads a coded refusal', async () => {
    const { stdout } = await run('bash', [example('java/run.sh')], { env, timeout: 240_000 });
    const [rest, trpc, refused] = lines(stdout);
    expect(rest).toMatchObject({ via: 'rest', status: 200, answer: { status: 'completed', output: { result: 'MATCH' } } });
    expect(trpc).toMatchObject({ via: 'trpc', status: 200, answer: { result: { data: { status: 'completed', output: { result: 'MATCH' } } } } });
    expect(refused).toMatchObject({ via: 'rest', status: 404, answer: { error: { code: 'RUN_NOT_FOUND' } } });
  }, 240_000);
});
