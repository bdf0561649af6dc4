/**
 * Timestamps travel as UTC ISO strings; people read Asia/Shanghai (UTC+8, no daylight saving). Done by
 * offset arithmetic because Intl time zones are not available in every mini-program runtime.
 */
const SHANGHAI_OFFSET_MS = 8 * 3600_000;
const DAY_MS = 24 * 3600_000;
const WEEKDAYS = ['日', '一', '二', '三', '四', '五', '六'];

interface ShanghaiParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  weekday: number;
}

const pad = (value: number) => String(value).padStart(2, '0');

function partsOf(date: Date): ShanghaiParts {
  const shifted = new Date(date.getTime() + SHANGHAI_OFFSET_MS);
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
    hour: shifted.getUTCHours(),
    minute: shifted.getUTCMinutes(),
    weekday: shifted.getUTCDay(),
  };
}

function parse(iso: string | null | undefined): Date | null {
  if (!iso) return null;
  const time = Date.parse(iso);
  return Number.isFinite(time) ? new Date(time) : null;
}

/** "2026-11-22" in Shanghai. */
export function dateKey(date: Date = new Date()): string {
  const p = partsOf(date);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}`;
}

/** "2026-11-22" plus n days. */
export function addDays(key: string, days: number): string {
  const base = Date.parse(`${key}T00:00:00Z`);
  const shifted = new Date(base + days * DAY_MS);
  return `${shifted.getUTCFullYear()}-${pad(shifted.getUTCMonth() + 1)}-${pad(shifted.getUTCDate())}`;
}

/** A Shanghai date and "HH:mm" as an ISO instant with its offset, as the API accepts. */
export function shanghaiIso(key: string, time: string): string {
  return `${key}T${time}:00+08:00`;
}

/** "11月22日 周六" */
export function formatDayTitle(date: Date = new Date()): string {
  const p = partsOf(date);
  return `${p.month}月${p.day}日 周${WEEKDAYS[p.weekday]}`;
}

/** "2026-11-22 14:30", or "—". */
export function formatDateTime(iso: string | null | undefined): string {
  const date = parse(iso);
  if (!date) return '—';
  const p = partsOf(date);
  return `${p.year}-${pad(p.month)}-${pad(p.day)} ${pad(p.hour)}:${pad(p.minute)}`;
}

/** "今天 14:30", "昨天 09:05", "明天 10:00", "11-20 14:30" or "2025-11-20". */
export function formatRelative(iso: string | null | undefined, now: Date = new Date()): string {
  const date = parse(iso);
  if (!date) return '—';
  const p = partsOf(date);
  const time = `${pad(p.hour)}:${pad(p.minute)}`;
  const diffDays = Math.round((Date.parse(`${dateKey(date)}T00:00:00Z`) - Date.parse(`${dateKey(now)}T00:00:00Z`)) / DAY_MS);
  if (diffDays === 0) return `今天 ${time}`;
  if (diffDays === -1) return `昨天 ${time}`;
  if (diffDays === 1) return `明天 ${time}`;
  if (p.year === partsOf(now).year) return `${pad(p.month)}-${pad(p.day)} ${time}`;
  return `${p.year}-${pad(p.month)}-${pad(p.day)}`;
}

/** How a due follow-up reads on the home page: overdue ones (an earlier day) stand out. */
export function dueLabel(iso: string | null | undefined, now: Date = new Date()): { text: string; overdue: boolean } {
  const date = parse(iso);
  if (!date) return { text: '—', overdue: false };
  const overdue = dateKey(date) < dateKey(now);
  return { text: overdue ? `逾期 · ${formatRelative(iso, now)}` : formatRelative(iso, now), overdue };
}

/** "3 天前跟进" style age; null when never. */
export function daysSince(iso: string | null | undefined, now: Date = new Date()): number | null {
  const date = parse(iso);
  if (!date) return null;
  return Math.max(0, Math.round((Date.parse(`${dateKey(now)}T00:00:00Z`) - Date.parse(`${dateKey(date)}T00:00:00Z`)) / DAY_MS));
}

/** "HH:mm" of the next whole hour in Shanghai (for "today" follow-ups), capped at 23:00. */
export function nextWholeHour(now: Date = new Date()): string {
  const p = partsOf(now);
  return `${pad(Math.min(p.hour + 1, 23))}:00`;
}
