// Asia/Shanghai has had no daylight saving since 1991: its calendar day is UTC+8 all year.
const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

/** The Shanghai calendar date of an instant, YYYY-MM-DD (how validity and due dates are stored and compared). */
export function shanghaiDate(at: Date = new Date()): string {
  return new Date(at.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** A calendar date `days` later (or earlier), YYYY-MM-DD. */
export function addCalendarDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}
