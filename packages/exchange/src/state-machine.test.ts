import { describe, expect, it } from 'vitest';
import type { ExchangeStatus } from '@lienthong/db';
import { ACTIVE, DELIVERABLE, ENDED, STEPS, canMove, stepOf } from './state-machine.js';

const ALL: ExchangeStatus[] = ['connected', 'space_allocated', 'uploaded', 'notified', 'destination_connected', 'ready', 'delivered', 'content_purged',
  'rejected', 'expired', 'refused_by_destination', 'failed'];

describe('the exchange state machine (REG 001 Đ11)', () => {
  it('walks the eight steps from the allocated space to the purged content', () => {
    const path: ExchangeStatus[] = ['space_allocated', 'uploaded', 'notified', 'destination_connected', 'ready', 'delivered', 'content_purged'];
    const steps = path.slice(1).map((to, i) => stepOf(path[i] as ExchangeStatus, to));
    expect(steps).toEqual(['upload', 'analyse', 'connect', 'ready', 'acknowledge', 'purge']);
  });

  it('refuses to skip a step or to go back', () => {
    expect(canMove('space_allocated', 'notified')).toBe(false); // no analysis without an upload
    expect(canMove('notified', 'ready')).toBe(false); // ready only once connected
    expect(canMove('destination_connected', 'delivered')).toBe(false); // delivered only once ready (and fetched)
    expect(canMove('uploaded', 'space_allocated')).toBe(false);
    expect(canMove('ready', 'notified')).toBe(false);
  });

  it('an ended exchange never moves again, except a delivered one whose content is then purged', () => {
    for (const from of ENDED) {
      for (const to of ALL) expect(canMove(from, to), `${from} → ${to}`).toBe(from === 'delivered' && to === 'content_purged');
    }
  });

  it('the deadline expires any exchange under way, and nothing that has ended', () => {
    for (const from of ALL) expect(canMove(from, 'expired'), from).toBe(ACTIVE.includes(from));
  });

  it('the destination refuses only what it has been told about', () => {
    for (const from of ALL) expect(canMove(from, 'refused_by_destination'), from).toBe(DELIVERABLE.includes(from));
  });

  it('an upload is refused, and analysis fails, only from their own step', () => {
    expect(ALL.filter((from) => canMove(from, 'rejected'))).toEqual(['space_allocated']);
    expect(ALL.filter((from) => canMove(from, 'failed'))).toEqual(['space_allocated', 'uploaded', 'notified']);
    expect(STEPS.analysisFailed.from).toEqual(['uploaded']);
    expect(STEPS.notificationFailed.from).toEqual(['notified']);
  });

  it('every status is either under way or ended (`connected` is only ever an event)', () => {
    expect(ACTIVE.filter((s) => ENDED.includes(s))).toEqual([]);
    expect(ALL.filter((s) => !ACTIVE.includes(s) && !ENDED.includes(s))).toEqual(['connected']);
    expect(DELIVERABLE.every((s) => ACTIVE.includes(s))).toBe(true);
  });
});
