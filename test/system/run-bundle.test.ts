import { randomBytes } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { replayBundle, startPlatform, type Platform } from '@lienthong/cli';
import { exportRunBundle, type RunBundle } from '@lienthong/services';
import type { DbHandle } from '@lienthong/db';
import { freshDatabase } from '../helpers/database.js';

const input = { dossierNo: '000.25.94.H48-260115-0077', procedureCode: '1.001193.000.00.00.H48', officerId: '051085000111',
  applicant: { soDinhDanh: '051048000155', hoVaTen: 'PHẠM VĂN LỢI', ngaySinh: '1948' } };

describe('a run exported as a signed bundle and replayed by an auditor', () => {
  const masterKey = randomBytes(32).toString('base64');
  let db: DbHandle;
  let p: Platform;
  let client: Client;
  let bundle: RunBundle;
  beforeAll(async () => {
    db = await freshDatabase();
    p = await startPlatform({ db, temporal: { address: inject('temporalAddress'), namespace: 'default' }, masterKey,
      taskQueue: `bundle-${randomBytes(4).toString('hex')}`, log: () => () => undefined });
    client = new Client({ connection: await Connection.connect({ address: inject('temporalAddress') }) });
    const started = await p.services.runs.start('xac-thuc-cong-dan', input, { waitMs: 20_000, caller: { id: 'test' } });
    expect(started.status).toBe('completed');
    bundle = await exportRunBundle(client, p.services.flows, started.runId, masterKey);
  });
  afterAll(async () => {
    await client?.connection.close();
    await p?.stop();
    await db?.close();
  });

  it('carries the pinned flow version, its hash and the full history, signed', () => {
    expect(bundle.flow).toMatchObject({ key: 'xac-thuc-cong-dan', version: 1 });
    expect(bundle.flow.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(bundle.history)).toContain('EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED');
    expect(bundle.signature.alg).toBe('Ed25519');
    // The history holds the payloads as stored: encrypted, no clear personal data.
    expect(JSON.stringify(bundle.history)).not.toContain(Buffer.from(input.applicant.hoVaTen).toString('base64'));
  });

  it('replays deterministically on the current interpreter and verifies', async () => {
    const r = await replayBundle(bundle, { masterKey, trustedPublicKey: bundle.signature.publicKey });
    expect(r).toMatchObject({ verified: true, deterministic: true, problems: [] });
  });

  it('reports an altered history: the signature fails and replay names the diverging event', async () => {
    // The lookup ran as a local activity: its marker records the connector; rename it as if another call had been made.
    type Marker = { markerName: string; details: { data: { payloads: { data: string }[] } } };
    const tampered = structuredClone(bundle) as RunBundle & { history: { events: { eventId: string; markerRecordedEventAttributes?: Marker }[] } };
    const scheduled = tampered.history.events.find((e) => e.markerRecordedEventAttributes?.markerName === 'core_local_activity');
    const payload = scheduled?.markerRecordedEventAttributes?.details.data.payloads[0];
    if (!scheduled || !payload) throw new Error('no connector call in the history');
    const data = JSON.parse(Buffer.from(payload.data, 'base64').toString('utf8')) as { activity_type: string };
    expect(data.activity_type).toBe('ngsp:population:verifyCitizen@1');
    payload.data = Buffer.from(JSON.stringify({ ...data, activity_type: 'ngsp:population:getCitizen@1' })).toString('base64');
    const r = await replayBundle(tampered, { masterKey });
    expect(r.verified).toBe(false);
    expect(r.problems).toContain('history does not match its digest (altered)');
    expect(r.deterministic).toBe(false);
    expect(r.divergence?.message).toMatch(/nondetermin/i);
    expect(r.divergence?.eventId).toBe(Number(scheduled.eventId));
  });

  it('refuses a bundle signed by another platform key', async () => {
    const other = await replayBundle(bundle, { masterKey, trustedPublicKey: (await import('@lienthong/services')).bundleSigningKey(randomBytes(32).toString('base64')).publicKeyPem });
    expect(other.verified).toBe(false);
    expect(other.problems).toContain('signed with another key');
  });
});
