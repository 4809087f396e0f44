import type { ServerResponse } from 'node:http';

/**
 * Announced maintenance windows as the platform gives them (PUT /_control/maintenance, the platform's
 * maintenance.simulatorWindows): each closes the operations of the systems it names ("reporting" closes
 * "reporting.*") from its start to its end, with 503 + Retry-After until the end, as a real system in maintenance does.
 */
export interface MaintenanceWindow { systems: string[]; startsAt: string; endsAt: string; id?: number }

export class MaintenanceBook {
  private windows: MaintenanceWindow[] = [];
  set(windows: MaintenanceWindow[]): void {
    this.windows = windows.map((w) => ({ ...w, systems: [...w.systems] }));
  }
  list(): MaintenanceWindow[] {
    return this.windows.map((w) => ({ ...w }));
  }
  /** The end of the window closing this operation at `now`, or null. */
  closedUntil(operation: string, now: Date): Date | null {
    const system = operation.split('.')[0] ?? operation;
    const t = now.getTime();
    const ends = this.windows.filter((w) => w.systems.includes(system) && Date.parse(w.startsAt) <= t && t < Date.parse(w.endsAt)).map((w) => Date.parse(w.endsAt));
    return ends.length ? new Date(Math.max(...ends)) : null;
  }
}

export function answerMaintenance(res: ServerResponse, until: Date, now: Date): void {
  res.writeHead(503, { 'retry-after': String(Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000))), 'content-type': 'text/plain; charset=utf-8' });
  res.end('Hệ thống đang bảo trì theo lịch đã thông báo / under announced maintenance');
}
