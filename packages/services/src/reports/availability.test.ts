import { describe, expect, it } from 'vitest';
import { availabilityOf, lengthOutside, union } from './availability.js';

const MIN = 60_000;
const m = (minutes: number) => minutes * MIN;

describe('availability less planned maintenance', () => {
  it('overlapping spans count once; time inside excluded spans is left out', () => {
    expect(union([[m(30), m(60)], [m(0), m(40)], [m(70), m(80)], [m(80), m(90)]])).toEqual([[0, m(60)], [m(70), m(90)]]);
    expect(lengthOutside([[m(0), m(60)]], [[m(30), m(45)], [m(40), m(90)]])).toBe(m(30));
  });

  it('an outage inside a planned window is not down time, and the window leaves the time measured', () => {
    const day = m(24 * 60);
    // Down 09:00–11:00; maintenance announced for 10:00–12:00: one hour unplanned, two planned.
    const r = availabilityOf([0, day], [[m(9 * 60), m(11 * 60)]], [[m(10 * 60), m(12 * 60)]]);
    expect(r).toEqual({ downMs: m(60), plannedMs: m(120), availability: 1 - m(60) / (day - m(120)) });
    // A window past the period's end (or the part not yet passed) is not counted.
    expect(availabilityOf([0, day], [], [[day - m(30), day + m(60)]]).plannedMs).toBe(m(30));
    // All planned: nothing left to measure.
    expect(availabilityOf([0, day], [], [[-1, day + 1]]).availability).toBeNull();
    // No window: as before.
    expect(availabilityOf([0, day], [[m(0), m(90)]], []).availability).toBeCloseTo(1 - 90 / (24 * 60), 12);
  });
});
