/**
 * Done-when 2 of issue 5, at the connector level: under ~30% injected transient failures
 * (half of them *after* the remote applied the effect), 1,000 side-effecting calls, each retried
 * the way Temporal retries a step (same input, same step key, only while the error is retryable),
 * apply each side effect exactly once — the simulators' state and counters prove it.
 * The fault rate uses a seeded generator, so the run is the same every time.
 */
import { describe, expect, it } from 'vitest';
import { LtError } from '@lienthong/errors';
import { sampleDossier } from './dvcqg/dossier/sync/examples.js';
import { dossierSync } from './dvcqg/dossier/sync/index.js';
import { httpRequest } from './generic/http/request/index.js';
import { createFeedback } from './ioc/feedback/create/index.js';
import { sampleEdoc } from './lgsp/edoc/send/examples.js';
import { sendEdoc } from './lgsp/edoc/send/index.js';
import type { ConnectorModule } from './sdk/types.js';
import { useHarness } from './testing/harness.js';

/** mulberry32: a tiny seeded PRNG. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PER_CONNECTOR = 250;

describe('exactly once under 30% transient failure (1,000 calls)', () => {
  const h = useHarness({ random: seeded(20260115) });

  it('every call ends applied, and applied once', async () => {
    const sim = h().sim;
    sim.faults.set('lgsp.sendEdoc', { failAfterApply: true, status: 503, rate: 0.3 });
    sim.faults.set('dvcqg.DongBoHoSoMC', { failAfterApply: true, status: 503, rate: 0.3 });
    sim.faults.set('dvcqg.TraCuuHoSo', { status: 503, rate: 0.15 });
    sim.faults.set('ioc.createFeedback', { status: 429, retryAfterSec: 1, rate: 0.3 });
    sim.faults.set('generic.echo', { failAfterApply: true, status: 502, rate: 0.3 });

    const calls: { mod: ConnectorModule; input: Record<string, unknown>; key: string; credentialId?: string }[] = [];
    for (let i = 0; i < PER_CONNECTOR; i += 1) {
      const n = String(i).padStart(4, '0');
      calls.push({ mod: sendEdoc, input: { ...sampleEdoc, code: { codeNumber: `9${n}`, codeNotation: 'VP-SOAK' } }, key: `soak-lgsp-${n}/send`, credentialId: 'lgsp-vp' });
      calls.push({ mod: dossierSync, input: { dossier: { ...sampleDossier, MaHoSo: `000.25.94.H48-260116-${n}` } }, key: `soak-dvc-${n}/sync` });
      calls.push({ mod: createFeedback, input: { channel: 'app', content: `Phản ánh thử ${n}`, category: 'ha_tang_do_thi', location: { communeCode: '21025' } }, key: `soak-ioc-${n}/create` });
      calls.push({ mod: httpRequest, input: { method: 'POST', path: '/echo/open/orders', bodyType: 'json', body: { n } }, key: `soak-http-${n}/post` });
    }
    let attempts = 0;
    const results: Record<string, unknown>[] = [];
    // What Temporal does for a step: retry with the same input and key while the error is retryable.
    const runWithRetries = async (c: (typeof calls)[number]) => {
      for (;;) {
        attempts += 1;
        try {
          return await h().run(c.mod, c.input, { key: c.key, ...(c.credentialId ? { credentialId: c.credentialId } : {}) });
        } catch (err) {
          if (!(err instanceof LtError) || !err.retryable) throw err;
        }
      }
    };
    for (let i = 0; i < calls.length; i += 20) results.push(...(await Promise.all(calls.slice(i, i + 20).map(runWithRetries))));

    expect(results).toHaveLength(4 * PER_CONNECTOR);
    expect(attempts).toBeGreaterThan(1.2 * calls.length); // the faults really happened
    const lgsp = sim.state<{ docs: Map<string, { summary: { code: { codeNotation: string } } }> }>('lgsp', () => ({ docs: new Map() }));
    expect([...lgsp.docs.values()].filter((d) => d.summary.code.codeNotation === 'VP-SOAK')).toHaveLength(PER_CONNECTOR);
    const dvc = sim.state<{ dossiers: Map<string, unknown> }>('dvcqg', () => ({ dossiers: new Map() }));
    expect([...dvc.dossiers.keys()].filter((k) => k.includes('-260116-'))).toHaveLength(PER_CONNECTOR);
    const ioc = sim.state<{ feedback: Map<string, { content: string }> }>('ioc', () => ({ feedback: new Map() }));
    expect([...ioc.feedback.values()].filter((f) => f.content.startsWith('Phản ánh thử'))).toHaveLength(PER_CONNECTOR);
    expect(new Set(results.filter((r) => typeof r.id === 'string').map((r) => r.id)).size).toBe(PER_CONNECTOR);
    const snap = sim.counters.snapshot();
    expect(snap['generic.echo']?.keys).toBe(PER_CONNECTOR);
    expect(snap['lgsp.sendEdoc']?.keys).toBe(PER_CONNECTOR);
    expect(snap['dvcqg.DongBoHoSoMC']?.keys).toBe(PER_CONNECTOR);
    // Retries after an applied effect reached the remotes and were answered from the first result.
    expect(snap['lgsp.sendEdoc']?.duplicates).toBeGreaterThan(0);
    expect(snap['generic.echo']?.duplicates).toBeGreaterThan(0);
  });
});
