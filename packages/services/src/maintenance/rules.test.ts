import { describe, expect, it } from 'vitest';
import { closedUntil, regulatedMinutes, systemOf, type ClosingWindow } from './rules.js';

const at = (m: number) => new Date(Date.UTC(2027, 0, 10, 15, m));
const w = (scope: ClosingWindow['scope'], target: string, from: number, to: number): ClosingWindow => ({ scope, target, startsAt: at(from), endsAt: at(to) });

describe('maintenance rules', () => {
  it('a call waits until the end of the windows covering now, followed through windows that start before the previous ends', () => {
    const windows = [w('system', 'reporting', 0, 30), w('connection', 'bao-cao', 25, 50), w('system', 'reporting', 60, 90), w('system', 'ngsp', 0, 120)];
    expect(closedUntil(windows, 'reporting', undefined, at(10))).toEqual(at(30));
    expect(closedUntil(windows, 'reporting', 'bao-cao', at(10))).toEqual(at(50)); // the connection's window continues the system's
    expect(closedUntil(windows, 'reporting', 'bao-cao', at(55))).toBeNull(); // a gap: the call goes out
    expect(closedUntil(windows, 'reporting', undefined, at(30))).toBeNull(); // the end is open
    expect(closedUntil([w('platform', '', 0, 120)], 'reporting', undefined, at(10))).toBeNull(); // platform windows only announce
  });

  it('a call is judged at the time it is given (the workflow\'s), not the wall clock: a window a day ahead closes a call made then', () => {
    const wall = Date.now();
    const ahead = (h: number) => new Date(wall + h * 3_600_000);
    const windows: ClosingWindow[] = [{ scope: 'system', target: 'reporting', startsAt: ahead(25), endsAt: ahead(27) }];
    expect(closedUntil(windows, 'reporting', undefined, ahead(0))).toBeNull();
    expect(closedUntil(windows, 'reporting', undefined, ahead(25.5))).toEqual(ahead(27));
    expect(closedUntil(windows, 'reporting', undefined, ahead(27))).toBeNull();
  });

  it('the reporting system, and production connections to it, keep the regulated 24 h; test connections and other systems do not', () => {
    expect(systemOf('reporting:national:submitAggregate@1')).toBe('reporting');
    expect(regulatedMinutes('system', 'reporting')).toBe(1440);
    expect(regulatedMinutes('system', 'ngsp')).toBe(0);
    expect(regulatedMinutes('connection', 'bao-cao', { environment: 'production', systems: ['reporting'] })).toBe(1440);
    expect(regulatedMinutes('connection', 'bao-cao-thu', { environment: 'test', systems: ['reporting'] })).toBe(0);
  });
});
